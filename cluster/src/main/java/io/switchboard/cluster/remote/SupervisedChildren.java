package io.switchboard.cluster.remote;

import io.switchboard.supervisor.CrashReport;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.ServerStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The remote children supervised from this node, by name. Guarded by the lock that
 * {@link Supervising} and {@link PeerLinks} share: every method is called with it held.
 */
final class SupervisedChildren {
  private final Map<String, SupervisedChild> byName = new HashMap<>();
  private final Exits exits;

  SupervisedChildren(Exits exits) {
    this.exits = exits;
  }

  SupervisedChild get(String name) {
    return byName.get(name);
  }

  boolean contains(String name) {
    return byName.containsKey(name);
  }

  int size() {
    return byName.size();
  }

  void add(SupervisedChild c) {
    byName.put(c.name, c);
  }

  SupervisedChild remove(String name) {
    return byName.remove(name);
  }

  /** Forgets {@code c} (a start that failed, or an unsupervised child that exited). */
  void forget(SupervisedChild c) {
    c.status = ServerStatus.STOPPED;
    c.link = null;
    byName.remove(c.name, c);
  }

  /**
   * {@code c} exited: it is held for its supervisor (or forgotten when it has none), and the
   * notice goes to {@code told}, to be delivered once the lock is released.
   */
  void exited(SupervisedChild c, ExitReason reason, CrashReport report, List<Runnable> told) {
    told.add(exits.notice(c, reason, report));
    c.exited();
    if (c.listener == null) {
      forget(c);
    }
  }

  /** A crash report for {@code c}'s crash on {@code node}. */
  CrashReport report(SupervisedChild c, String node, Throwable cause) {
    return exits.report(c, node, cause);
  }
}
