package io.switchboard.cluster.membership;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Where a cluster-scoped name lives: rendezvous (highest-random-weight) hashing over the members of
 * a view. Each member gets the weight {@code XXH64(len(member) ‖ member ‖ name)} (UTF-8 bytes, the
 * member name's length as 4 big-endian bytes so that no two pairs encode alike) and the member with
 * the highest weight (unsigned) owns the name.
 *
 * <p>Why rendezvous hashing: it needs no shared state (every node computes the same owner from the
 * same members, in any order, so routing needs no registry round-trip); when a member leaves only
 * its names move, and when one joins only the names it wins move, each to or from that one member;
 * and names spread evenly without virtual nodes. The cost is one hash per member per lookup, tiny
 * for the cluster sizes this targets (tens of nodes).
 *
 * <p>Pure and thread-safe.
 */
public final class Placement {

  /** Breaks (astronomically unlikely) weight ties the same way on every node. */
  private static final Comparator<Member> TIE_BREAK =
      Comparator.comparing(Member::name).thenComparing(Member::host).thenComparingInt(Member::port);

  private Placement() {}

  /**
   * The owner of {@code name} among {@code members}; the result does not depend on their order.
   *
   * @throws IllegalArgumentException if {@code members} is empty (a view always holds this node)
   */
  public static Member owner(String name, Collection<Member> members) {
    Objects.requireNonNull(name, "name");
    if (members.isEmpty()) {
      throw new IllegalArgumentException("no members to place '" + name + "' on");
    }
    byte[] key = name.getBytes(StandardCharsets.UTF_8);
    Member best = null;
    long bestWeight = 0;
    for (Member m : members) {
      long w = weight(m.name(), key);
      if (best == null) {
        best = m;
        bestWeight = w;
        continue;
      }
      int cmp = Long.compareUnsigned(w, bestWeight);
      if (cmp > 0 || (cmp == 0 && TIE_BREAK.compare(m, best) > 0)) {
        best = m;
        bestWeight = w;
      }
    }
    return best;
  }

  /**
   * The {@code count} members with the highest weights for {@code name}, highest first (all of
   * them if there are fewer): where the R replicas of a shard live. The first is {@link #owner}, so
   * the two never disagree; the result does not depend on the order of {@code members}. When a
   * member leaves, each list loses at most that member and gains the next one in rank.
   *
   * @throws IllegalArgumentException if {@code count < 1}
   */
  public static List<Member> ranked(String name, Collection<Member> members, int count) {
    Objects.requireNonNull(name, "name");
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
    byte[] key = name.getBytes(StandardCharsets.UTF_8);
    List<Weighted> all = new ArrayList<>(members.size());
    for (Member m : members) {
      all.add(new Weighted(m, weight(m.name(), key)));
    }
    all.sort(HEAVIEST_FIRST);
    List<Member> top = new ArrayList<>(Math.min(count, all.size()));
    for (int i = 0; i < all.size() && i < count; i++) {
      top.add(all.get(i).member());
    }
    return List.copyOf(top);
  }

  private record Weighted(Member member, long weight) {}

  /** Same order as {@link #owner}: higher unsigned weight first, then the higher tie-break. */
  private static final Comparator<Weighted> HEAVIEST_FIRST =
      Comparator.<Weighted>comparingLong(w -> w.weight() ^ Long.MIN_VALUE)
          .thenComparing(Weighted::member, TIE_BREAK)
          .reversed();

  /** The rendezvous weight of a member for a name; exposed for tests and diagnostics. */
  static long weight(String memberName, String name) {
    return weight(memberName, name.getBytes(StandardCharsets.UTF_8));
  }

  private static long weight(String memberName, byte[] key) {
    byte[] member = memberName.getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[4 + member.length + key.length];
    int n = member.length;
    input[0] = (byte) (n >>> 24);
    input[1] = (byte) (n >>> 16);
    input[2] = (byte) (n >>> 8);
    input[3] = (byte) n;
    System.arraycopy(member, 0, input, 4, n);
    System.arraycopy(key, 0, input, 4 + n, key.length);
    return Xxh64.hash(input);
  }
}
