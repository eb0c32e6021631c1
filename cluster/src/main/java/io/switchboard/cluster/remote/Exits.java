package io.switchboard.cluster.remote;

import io.switchboard.supervisor.CrashReport;
import io.switchboard.supervisor.EventLoop;
import io.switchboard.supervisor.ExitListener;
import io.switchboard.supervisor.ExitReason;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells supervisors that their remote children exited. A notice is built under the
 * {@link Supervising} lock and delivered after it is released: on the child's local event loop,
 * as the exit of a local child would be (its supervisor's decision, often a restart, then runs
 * there), or on the calling thread when that loop refuses work (stopped or full).
 */
final class Exits {
  private static final Logger log = LoggerFactory.getLogger(Exits.class);

  private final RemoteContext ctx;

  Exits(RemoteContext ctx) {
    this.ctx = ctx;
  }

  /** The notice for {@code c}'s exit; run it after releasing the lock. */
  Runnable notice(SupervisedChild c, ExitReason reason, CrashReport report) {
    String node = c.node;
    ExitListener listener = c.listener;
    return () -> {
      log.info("event=remote_child_exited node={} child={} on={} reason=\"{}\"", ctx.self(),
          c.name, node, reason);
      if (listener == null) {
        return; // unsupervised: logged and forgotten
      }
      Runnable tell = () -> listener.onExit(c.name, reason, report);
      EventLoop loop = ctx.loops().loopOf(c.name);
      if (!loop.execute(tell)) {
        tell.run();
      }
    };
  }

  /** A crash report for a remote crash (its inputs stayed on the hosting node). */
  CrashReport report(SupervisedChild c, String node, Throwable cause) {
    return new CrashReport(c.name, c.spec.kind(), node + "/" + c.remoteLoop, "", "step", cause,
        List.of(), ctx.clock().nanoTime());
  }

  /** Delivers notices built under the lock. */
  void deliver(List<Runnable> notices) {
    for (Runnable r : notices) {
      r.run();
    }
  }
}
