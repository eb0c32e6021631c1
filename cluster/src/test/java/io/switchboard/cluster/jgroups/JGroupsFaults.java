package io.switchboard.cluster.jgroups;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TP;
import org.jgroups.stack.ProtocolStack;
import org.jgroups.util.Util;

/**
 * Real faults for {@link JGroupsMembership}s running in one JVM, for tests: a network partition and
 * a crash. Not thread-safe: call from the test thread.
 *
 * <p>Both work with JGroups' {@link DISCARD} protocol inserted right above the transport, so
 * nothing from across the cut reaches GMS, FD_ALL3, VERIFY_SUSPECT2, MERGE3 or discovery. The
 * detection path is the real one: heartbeats stop (partition) or FD_SOCK2's socket closes (crash).
 */
public final class JGroupsFaults {

  private JGroupsFaults() {}

  /**
   * Cuts the given sides off from each other: every member drops all messages from members of the
   * other sides; members of one side keep talking. FD_SOCK2's own sockets stay open, as for a real
   * cut or a hang, so the sides find out through FD_ALL3 heartbeats (3 s) and VERIFY_SUSPECT2 (1
   * s). Every member must be started and on exactly one side.
   *
   * @return the cut; {@link Partition#heal()} (or closing it) lets MERGE3 merge the sides again
   */
  @SafeVarargs
  public static Partition split(List<JGroupsMembership>... sides) {
    List<Set<Address>> addresses = new ArrayList<>();
    List<JChannel> all = new ArrayList<>();
    for (List<JGroupsMembership> side : sides) {
      Set<Address> set = new HashSet<>();
      for (JGroupsMembership m : side) {
        JChannel ch = m.channel();
        set.add(ch.getAddress());
        all.add(ch);
      }
      addresses.add(set);
    }
    Partition partition = new Partition(all);
    try {
      for (int s = 0; s < sides.length; s++) {
        for (JGroupsMembership m : sides[s]) {
          DISCARD discard = new DISCARD();
          for (int other = 0; other < sides.length; other++) {
            if (other != s) {
              discard.addIgnoredMembers(addresses.get(other).toArray(Address[]::new));
            }
          }
          m.channel()
              .getProtocolStack()
              .insertProtocol(discard, ProtocolStack.Position.ABOVE, TP.class);
        }
      }
    } catch (Exception e) {
      partition.heal();
      throw new IllegalStateException("cannot insert DISCARD: " + e, e);
    }
    return partition;
  }

  /**
   * Kills the member as {@code kill -9} would, as far as its peers can tell: it stops sending and
   * receiving at once (no leave message), its TCP connections are dropped without a goodbye, and
   * its sockets close — FD_SOCK2 on its neighbour notices. Uses JGroups' own {@code
   * Util.shutdown(channel, false)}. The member's own last view is a singleton.
   */
  public static void crash(JGroupsMembership member) throws Exception {
    Util.shutdown(member.channel(), false);
  }

  /** A cut made by {@link #split}; closing it heals it. */
  public static final class Partition implements AutoCloseable {
    private final List<JChannel> channels;
    private boolean healed;

    private Partition(List<JChannel> channels) {
      this.channels = channels;
    }

    /** Removes the cut; the sides merge within MERGE3's intervals. Idempotent. */
    public void heal() {
      if (healed) {
        return;
      }
      healed = true;
      for (JChannel ch : channels) {
        if (!ch.isClosed()) {
          ch.getProtocolStack().removeProtocol(DISCARD.class);
        }
      }
    }

    @Override
    public void close() {
      heal();
    }
  }
}
