package io.switchboard.node.app;

import io.switchboard.supervisor.Backoff;
import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Restart;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorSpec;
import io.switchboard.supervisor.app.RemoteChildren;
import io.switchboard.supervisor.app.RemoteChildren.Placement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's remote supervision: on every cluster node, a supervisor {@value #SUPERVISOR} under
 * the demo root whose one child, the counter {@code remote-counter-<this node>}, runs on another
 * member ({@link Placement#anyOtherMember()}, from the {@code counter} template there).
 *
 * <p>Why one per node, named after it: every node runs the same application (compose, k8s), so
 * no node is special and nothing has to elect one; the name is unique in the cluster; and a
 * lost node exercises both sides at once: the children it hosted restart on survivors
 * ({@code noconnection}), and its own child is stopped by its host (self-fencing).
 *
 * <p>Why {@code transient}, intensity 5 in 30 s and a restart backoff (250 ms doubling to 4 s):
 * a child on another node exits with {@code noconnection} whenever a member is lost or
 * restarted, which is no reason to stop the node, and a restart right then may find no member to
 * take it (a two-node moment, a member that is only just back). The backoff spreads the five
 * restarts over about 8 s, enough to ride out a member's restart. If the child still cannot be
 * kept running, {@value #SUPERVISOR} gives up with {@code shutdown} and, being transient, is not
 * restarted: the rest of the demo runs on and the tree shows it stopped. (A permanent supervisor
 * would escalate to the root and, past the root's intensity, stop the node.)
 *
 * <p>Remote children start once the node is ready ({@link RemoteChildren#ready()}); the start
 * is tried up to {@value #ATTEMPTS} times, a second apart, as the first members of a forming
 * cluster may not answer yet.
 */
final class RemoteCounter {
  private static final Logger log = LoggerFactory.getLogger(RemoteCounter.class);

  /** The supervisor's child id under the root ({@code demo/remote}). */
  static final String SUPERVISOR = "remote";
  /** The prefix of the remote counters' names: {@code remote-counter-<supervising node>}. */
  static final String PREFIX = "remote-counter-";
  /** The template the hosting node builds the child from. */
  static final String TEMPLATE = "counter";
  static final int ATTEMPTS = 30;
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final Backoff BACKOFF =
      Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(4));

  private RemoteCounter() {}

  /** The remote counter of the supervisor on {@code node}. */
  static String childName(String node) {
    return PREFIX + node;
  }

  /** The spec of {@value #SUPERVISOR}: its one remote child, on any other member. */
  static ChildSpec supervisorSpec(RemoteChildren remote, String node) {
    return ChildSpec.supervisor(SUPERVISOR, SupervisorSpec.oneForOne(
            remote.child(childName(node), TEMPLATE, new byte[0], Placement.anyOtherMember())
                .withBackoff(BACKOFF))
            .withIntensity(5, Duration.ofSeconds(30)))
        .withRestart(Restart.TRANSIENT);
  }

  /** Adds {@value #SUPERVISOR} to {@code root} once the node is ready. Never blocks. */
  static void startWhenReady(Supervisor root, RemoteChildren remote, String node,
      EventLoopGroup loops) {
    remote.ready().onComplete(r -> {
      if (r.isOk()) {
        attempt(root, supervisorSpec(remote, node), loops, 1);
      }
    });
  }

  private static void attempt(Supervisor root, ChildSpec spec, EventLoopGroup loops, int n) {
    root.startChildAsync(spec).onComplete(r -> {
      if (r instanceof Reply.Failure<Void> f && !(f instanceof Reply.AlreadyStarted)
          && root.status() == io.switchboard.supervisor.ChildStatus.RUNNING) {
        if (n >= ATTEMPTS) {
          log.warn("event=remote_demo_not_started supervisor={}/{} attempts={} reason=\"{}\"",
              root.name(), SUPERVISOR, n, f.message());
          return;
        }
        log.info("event=remote_demo_retry supervisor={}/{} attempt={} reason=\"{}\"",
            root.name(), SUPERVISOR, n, f.message());
        try {
          loops.loopOf(SUPERVISOR).schedule(RETRY, () -> attempt(root, spec, loops, n + 1));
        } catch (RuntimeException stopping) {
          log.debug("event=remote_demo_retry_dropped reason=\"{}\"", stopping.toString());
        }
      }
    });
  }
}
