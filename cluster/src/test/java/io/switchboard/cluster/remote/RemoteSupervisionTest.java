package io.switchboard.cluster.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.supervisor.ChildInfo;
import io.switchboard.supervisor.ChildStatus;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerStatus;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorSpec;
import io.switchboard.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A supervisor on n1 with a remote child, over real gRPC between three in-JVM nodes whose views
 * the test controls (no JGroups: see {@code RemoteSupervisionIT} for that). Short timings: ping
 * every 100 ms, lease 400 ms, noconnection after 500 ms.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteSupervisionTest {
  // the default 5 s start timeout: on a loaded machine a first connection may take seconds
  static final RemoteConfig FAST = RemoteConfig.DEFAULTS.withInterval(Duration.ofMillis(100))
      .withMissedBeats(4);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private LocalNodes c;
  private LocalNodes.Node n1;
  private RemoteHost host;
  private Supervisor sup;

  @BeforeEach
  void start() throws Exception {
    c = new LocalNodes(3, FAST);
    n1 = c.node("n1");
  }

  @AfterEach
  void stop() {
    if (sup != null) {
      sup.stop(Duration.ofSeconds(5));
    }
    c.close();
  }

  private void superviseOne(RemotePlacement placement) {
    host = n1.remote.host("app", placement);
    sup = Supervisor.builder("app", n1.loops, SupervisorSpec.oneForOne(
        RemoteChild.worker("w", "counter", new byte[0], host))
        .withIntensity(10, Duration.ofSeconds(10))).build();
    assertThat(sup.start()).isEqualTo(Reply.ok(null));
  }

  private String call(String input) {
    Reply<byte[]> r = host.callBytesAsync("w", input.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(2), null).await(System.nanoTime() + 3_000_000_000L,
            io.switchboard.supervisor.IdleStrategy.DEFAULT);
    return new String(r.orThrow(), StandardCharsets.UTF_8);
  }

  private ChildInfo child() {
    return sup.whichChildren().orThrow().get(0);
  }

  private String runningOn() {
    return host.nodeOf("w").orElse("-");
  }

  @Test
  void start_anyOther_runsOnAnotherNode_callsReachIt() {
    superviseOne(RemotePlacement.anyOther());
    String on = runningOn();
    assertThat(on).isIn("n2", "n3");
    assertThat(c.node(on).loops.status("w")).isEqualTo(ServerStatus.RUNNING);
    assertThat(n1.loops.status("w")).as("nothing runs on the supervisor's node").isNull();
    assertThat(call("increment")).isEqualTo("ack");
    assertThat(call("increment")).isEqualTo("ack");
    assertThat(call("read")).isEqualTo("2");
    assertThat(host.status("w")).isEqualTo(ServerStatus.RUNNING);
    assertThat(host.castBytes("w", "increment".getBytes(StandardCharsets.UTF_8)).isOk()).isTrue();
    Await.until("the cast to arrive", WAIT, () -> call("read").equals("3"));
  }

  @Test
  void placed_andHostedChildren_describeBothSidesForTrees() {
    superviseOne(RemotePlacement.onNode("n3"));

    RemoteSupervision.Placed placed = n1.remote.placed("w").orElseThrow();
    assertThat(placed.node()).isEqualTo("n3");
    assertThat(placed.loop()).isEqualTo(c.node("n3").loops.loopOf("w").name());
    assertThat(placed.status()).isEqualTo(ServerStatus.RUNNING);
    assertThat(placed.template()).isEqualTo("counter");
    assertThat(n1.remote.placed("no-such-child")).isEmpty();
    assertThat(c.node("n3").remote.hostedChildren()).containsExactly(new RemoteSupervision.Hosted(
        "w", "counter", "n1", "app", placed.loop(), ServerStatus.RUNNING));
    assertThat(n1.remote.hostedChildren()).isEmpty();
  }

  @Test
  void start_onNamedNode_runsThere_unknownInputIsInvalid() {
    superviseOne(RemotePlacement.onNode("n3"));
    assertThat(runningOn()).isEqualTo("n3");
    Reply<byte[]> bad = host.callBytesAsync("w", "explode".getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(2), null).await(System.nanoTime() + 3_000_000_000L,
            io.switchboard.supervisor.IdleStrategy.DEFAULT);
    assertThat(bad).isInstanceOf(Reply.InvalidInput.class);
    assertThat(host.callAsync("w", "read", Duration.ofSeconds(1), null).peek())
        .as("objects cannot travel").isInstanceOf(Reply.InvalidInput.class);
  }

  @Test
  void crash_onHostingNode_isReported_andRestartedPerStrategy() {
    superviseOne(RemotePlacement.onNode("n2"));
    assertThat(call("increment")).isEqualTo("ack");
    assertThat(call("reset")).isEqualTo("ack");
    Reply<byte[]> crash = host.callBytesAsync("w", "reset".getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(2), null).await(System.nanoTime() + 3_000_000_000L,
            io.switchboard.supervisor.IdleStrategy.DEFAULT);
    assertThat(crash).isInstanceOf(Reply.Crashed.class);
    Await.until("the restart", WAIT,
        () -> child().restarts() == 1 && child().status() == ChildStatus.RUNNING
            && host.status("w") == ServerStatus.RUNNING);
    assertThat(child().lastExit()).isInstanceOf(ExitReason.Crash.class);
    assertThat(((ExitReason.Crash) child().lastExit()).cause()).isInstanceOf(RemoteCrash.class)
        .hasMessageContaining("deliberate bug").hasMessageContaining("on n2");
    assertThat(sup.crashReports().recent()).anySatisfy(r -> assertThat(r.server()).isEqualTo("w"));
    assertThat(call("read")).as("a fresh start from the template").isEqualTo("0");
    assertThat(c.trace.count("start:w@n2")).isEqualTo(2);
  }

  @Test
  void hostingNodeDies_childExitsNoConnection_restartedOnSurvivor() {
    superviseOne(RemotePlacement.anyOther());
    String first = runningOn();
    String other = first.equals("n2") ? "n3" : "n2";
    long t0 = System.nanoTime();
    c.node(first).kill(); // the view still holds it: only the heartbeat lease can tell
    Await.until("a restart on " + other, WAIT, () -> runningOn().equals(other));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(child().lastExit()).isEqualTo(new ExitReason.NoConnection(first));
    assertThat(ms).as("restart within noconnection (500 ms) + slack")
        .isLessThan(FAST.noConnectionAfter().toMillis() + 1_500);
    assertThat(call("increment")).isEqualTo("ack");
  }

  @Test
  void hostingNodeDiesThenLeavesTheView_noConnectionAtTheViewChange() throws Exception {
    RemoteConfig slow = RemoteConfig.DEFAULTS.withInterval(Duration.ofMillis(200))
        .withMissedBeats(5); // lease 1 s, noconnection 1.2 s after the last pong
    try (LocalNodes d = new LocalNodes(3, slow)) {
      LocalNodes.Node m1 = d.node("n1");
      RemoteHost h = m1.remote.host("app", RemotePlacement.anyOther());
      Supervisor s = Supervisor.builder("app", m1.loops, SupervisorSpec.oneForOne(
          RemoteChild.worker("w", "counter", new byte[0], h))).build();
      assertThat(s.start()).isEqualTo(Reply.ok(null));
      String first = h.nodeOf("w").orElseThrow();
      String other = first.equals("n2") ? "n3" : "n2";
      long t0 = System.nanoTime();
      d.node(first).kill();
      Thread.sleep(600); // deliberate: let reconnects find nothing listening, before the view
      d.view(m1, d.node(other));
      Await.until("the restart on " + other, WAIT,
          () -> h.nodeOf("w").filter(other::equals).isPresent());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(s.whichChildren().orThrow().get(0).lastExit())
          .isEqualTo(new ExitReason.NoConnection(first));
      assertThat(ms).as("at the view change (600 ms), before the lease (1200 ms)")
          .isLessThan(1_100);
      s.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void supervisingNodeGone_hostingNodeFencesTheOrphan_withinTheLease() {
    superviseOne(RemotePlacement.onNode("n2"));
    LocalNodes.Node n2 = c.node("n2");
    assertThat(n2.remote.hosted()).containsExactly("w");
    long t0 = System.nanoTime();
    n1.remote.close(); // heartbeats end without a stop
    Await.until("the orphan to stop", WAIT, () -> n2.loops.status("w") == null);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ms).as("fenced within the lease (400 ms) + slack")
        .isLessThan(FAST.lease().toMillis() + 1_000);
    assertThat(n2.remote.hosted()).isEmpty();
    assertThat(c.trace.events).contains("stop:w@n2:noconnection");
    sup = null; // its node is gone
  }

  @Test
  void peerLeavesView_stopPinging_orphanFencedBeforeTheReplacementStarts() {
    superviseOne(RemotePlacement.anyOther());
    String first = runningOn();
    String other = first.equals("n2") ? "n3" : "n2";
    c.view(n1, c.node(other)); // n1's view drops the hosting node; the node itself runs on
    Await.until("a restart on " + other, WAIT, () -> runningOn().equals(other));
    int fenced = c.trace.indexOf("stop:w@" + first + ":noconnection");
    int replaced = c.trace.indexOf("start:w@" + other);
    assertThat(fenced).as("the orphan was fenced").isNotNegative();
    assertThat(fenced).as("fenced before the replacement started").isLessThan(replaced);
    assertThat(c.node(first).loops.status("w")).isNull();
  }

  @Test
  void terminateChild_stopsItOnTheHostingNode_andStopSupervisorStopsAll() {
    superviseOne(RemotePlacement.onNode("n2"));
    LocalNodes.Node n2 = c.node("n2");
    assertThat(sup.terminateChild("w")).isEqualTo(Reply.ok(null));
    assertThat(n2.loops.status("w")).isNull();
    assertThat(c.trace.events).contains("stop:w@n2:shutdown");
    assertThat(host.status("w")).isNull();
    assertThat(sup.restartChild("w")).isEqualTo(Reply.ok(null));
    assertThat(n2.loops.status("w")).isEqualTo(ServerStatus.RUNNING);
    assertThat(sup.stop(Duration.ofSeconds(5))).isEqualTo(Reply.ok(null));
    assertThat(n2.loops.status("w")).isNull();
    sup = null;
  }

  @Test
  void hostingNodeLeaves_childRestartsElsewhereAtOnce() throws Exception {
    // a lease far longer than the wait: a restart within the wait cannot have waited for it
    RemoteConfig slow = RemoteConfig.DEFAULTS.withInterval(Duration.ofSeconds(1))
        .withMissedBeats(20);
    assertThat(slow.noConnectionAfter()).isGreaterThan(WAIT.multipliedBy(2));
    try (LocalNodes d = new LocalNodes(3, slow)) {
      LocalNodes.Node m1 = d.node("n1");
      RemoteHost h = m1.remote.host("app", RemotePlacement.anyOther());
      Supervisor s = Supervisor.builder("app", m1.loops, SupervisorSpec.oneForOne(
          RemoteChild.worker("w", "counter", new byte[0], h))).build();
      assertThat(s.start()).isEqualTo(Reply.ok(null));
      String first = h.nodeOf("w").orElseThrow();
      String other = first.equals("n2") ? "n3" : "n2";
      d.node(first).remote.leave();
      Await.until("a restart on " + other + " without waiting for the lease", WAIT,
          () -> h.nodeOf("w").filter(other::equals).isPresent());
      assertThat(s.whichChildren().orThrow().get(0).lastExit())
          .isEqualTo(new ExitReason.NoConnection(first));
      s.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void startAsync_beyondMaxChildren_overloaded() throws Exception {
    try (LocalNodes d = new LocalNodes(2, FAST.withBounds(1, 10, 10))) {
      RemoteHost h = d.node("n1").remote.host("app", RemotePlacement.onNode("n2"));
      Reply<Void> first = h.startAsync("a", RemoteChild.of("counter", new byte[0]), null)
          .await(System.nanoTime() + 3_000_000_000L,
              io.switchboard.supervisor.IdleStrategy.DEFAULT);
      assertThat(first).isEqualTo(Reply.ok(null));
      assertThat(h.startAsync("b", RemoteChild.of("counter", new byte[0]), null).peek())
          .isInstanceOf(Reply.Overloaded.class);
      assertThat(h.startAsync("a", RemoteChild.of("counter", new byte[0]), null).peek())
          .as("names are unique, as on a loop").isInstanceOf(Reply.AlreadyStarted.class);
    }
  }

  @Test
  void sendAfter_castsOnceTheTimerFires_objectsRefused() {
    superviseOne(RemotePlacement.onNode("n2"));
    host.sendAfter(Duration.ofMillis(50), "w", "increment".getBytes(StandardCharsets.UTF_8));
    Await.until("the timed cast", WAIT, () -> call("read").equals("1"));
    assertThatThrownBy(() -> host.sendAfter(Duration.ZERO, "w", "increment"))
        .isInstanceOf(io.switchboard.supervisor.ReplyException.class);
  }

  @Test
  void startAsync_notARemoteChild_orUnknownTemplate_refused() {
    host = n1.remote.host("app", RemotePlacement.onNode("n2"));
    assertThat(host.startAsync("x", new io.switchboard.examples.Counter(), null)
        .peek()).isInstanceOf(Reply.InvalidInput.class);
    Reply<Void> unknown = host.startAsync("y", RemoteChild.of("nothing", new byte[0]), null)
        .await(System.nanoTime() + 3_000_000_000L, io.switchboard.supervisor.IdleStrategy.DEFAULT);
    assertThat(unknown).isInstanceOf(Reply.NotFound.class);
    assertThat(host.status("y")).isNull();
    assertThat(RemotePlacement.onNode("n9").choose("z", n1.membership.current(),
        java.util.Set.of())).isEmpty();
    Reply<Void> nowhere = n1.remote.host("app", RemotePlacement.onNode("n9"))
        .startAsync("z", RemoteChild.of("counter", new byte[0]), null).peek();
    assertThat(nowhere).isInstanceOf(Reply.Unavailable.class);
  }
}
