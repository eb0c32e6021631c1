package io.switchboard.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.examples.Counter;
import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.ChildStatus;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Restart;
import io.switchboard.supervisor.TreeSnapshot;
import io.switchboard.supervisor.app.AppContext;
import io.switchboard.supervisor.app.AppInstance;
import io.switchboard.supervisor.app.RemoteChildren;
import io.switchboard.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's remote supervisor, over a stand-in {@link RemoteChildren} whose "remote" child is a
 * local counter: it is added once the node is ready, retried while its start fails, and a node
 * runs a remote child from the template of the asked kind, whatever the child's name.
 */
@Timeout(30)
class RemoteCounterTest {
  @TempDir Path dir;
  EventLoopGroup loops;

  @BeforeEach
  void start() {
    loops = EventLoopGroup.start("remote-demo", 1, b -> b);
  }

  @AfterEach
  void stop() {
    loops.stop(Duration.ofSeconds(5));
  }

  /** Children started locally; the first {@code failures} starts fail as a remote node could. */
  static final class LocalRemote implements RemoteChildren {
    final Promise<Void> ready = new Promise<>();
    final AtomicInteger starts = new AtomicInteger();
    final int failures;
    Placement placement;

    LocalRemote(int failures) {
      this.failures = failures;
    }

    @Override
    public ChildSpec child(String id, String template, byte[] args, Placement placement) {
      this.placement = placement;
      return ChildSpec.worker(id, () -> {
        if (starts.incrementAndGet() <= failures) {
          throw new IllegalStateException("no node for " + id + " yet");
        }
        return new Counter();
      });
    }

    @Override
    public Promise<Void> ready() {
      return ready;
    }
  }

  private AppInstance demo(LocalRemote remote) {
    return new DemoProvider().start(new AppContext(loops, dir, "n1",
        io.switchboard.supervisor.SupervisorListener.NONE, Map.of(), (root, why) -> { }, remote));
  }

  /** The child {@code id} of the demo's root, from the application's tree. */
  private static Optional<TreeSnapshot> rootChild(AppInstance app, String id) {
    TreeSnapshot root = app.tree().await(Deadline.after(Duration.ofSeconds(5)),
        IdleStrategy.parking()).orThrow().get(0);
    return root.children().stream().filter(c -> c.id().equals(id)).findFirst();
  }

  private static boolean running(AppInstance app) {
    return rootChild(app, RemoteCounter.SUPERVISOR)
        .filter(c -> c.status() == ChildStatus.RUNNING).isPresent();
  }

  @Test
  void demo_nodeReady_addsTransientRemoteSupervisorWithItsChildOnAnotherMember() throws Exception {
    LocalRemote remote = new LocalRemote(0);
    AppInstance app = demo(remote);
    try {
      assertThat(rootChild(app, RemoteCounter.SUPERVISOR)).as("not before ready").isEmpty();

      remote.ready.complete(Reply.ok(null));

      Await.until("demo/remote running", Duration.ofSeconds(10), () -> running(app));
      TreeSnapshot sup = rootChild(app, RemoteCounter.SUPERVISOR).orElseThrow();
      assertThat(sup.children()).extracting(TreeSnapshot::id)
          .containsExactly(DemoProvider.remoteChild("n1"));
      assertThat(sup.children().get(0).status()).isEqualTo(ChildStatus.RUNNING);
      assertThat(remote.placement).isEqualTo(RemoteChildren.Placement.anyOtherMember());
      assertThat(RemoteCounter.supervisorSpec(remote, "n1").restart())
          .isEqualTo(Restart.TRANSIENT);
    } finally {
      app.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void demo_remoteStartFails_retriedUntilItStarts() throws Exception {
    LocalRemote remote = new LocalRemote(2);
    AppInstance app = demo(remote);
    try {
      remote.ready.complete(Reply.ok(null));

      Await.until("demo/remote running after two failed starts", Duration.ofSeconds(10),
          () -> running(app));
      assertThat(remote.starts.get()).isEqualTo(3);
    } finally {
      app.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void demo_standalone_noRemoteSupervisor() throws Exception {
    AppInstance app = new DemoProvider().start(AppContext.of(loops, dir, "n1"));
    try {
      assertThat(rootChild(app, RemoteCounter.SUPERVISOR)).isEmpty();
    } finally {
      app.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void newRemoteChild_byTemplateKindWithArgs_whateverTheName() throws Exception {
    AppInstance app = new DemoProvider().start(AppContext.of(loops, dir, "n1"));
    try {
      NodeApp node = new NodeApp(List.of(app), "n1");
      Optional<GenServer<?, ?, ?>> counter =
          node.newRemoteChild("counter", new byte[0], "remote-counter-n2");
      assertThat(counter).get().isInstanceOf(Counter.class);
      assertThat(node.newRemoteChild("no-such-kind", new byte[0], "x")).isEmpty();
    } finally {
      app.stop(Duration.ofSeconds(5));
    }
  }
}
