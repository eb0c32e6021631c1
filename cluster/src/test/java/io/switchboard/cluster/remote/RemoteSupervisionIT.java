package io.switchboard.cluster.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.ChildInfo;
import io.switchboard.supervisor.ChildStatus;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerStatus;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorSpec;
import io.switchboard.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote supervision across three real in-JVM nodes (JGroups + gRPC, default timings: ping
 * 500 ms, lease 1.5 s, noconnection after 2 s): a supervisor on n1 with a child on n2.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RemoteSupervisionIT {
  private static final Logger log = LoggerFactory.getLogger(RemoteSupervisionIT.class);
  private static final RemoteConfig DEFAULTS = RemoteConfig.DEFAULTS;

  /** A child name that "any other node" places on {@code node} in {@code c}'s current view. */
  private static String childPlacedOn(RemoteCluster c, String node) {
    return IntStream.range(0, 1000).mapToObj(i -> "worker-" + i)
        .filter(n -> RemotePlacement.anyOther().choose(n, c.node("n1").view(), Set.of())
            .orElseThrow().name().equals(node))
        .findFirst().orElseThrow();
  }

  private static RemoteCluster threeNodes() throws Exception {
    RemoteCluster c = new RemoteCluster(3);
    for (int i = 0; i < 3; i++) {
      c.start(i);
    }
    c.awaitReady(3);
    return c;
  }

  private static String call(RemoteHost host, String child, String input) {
    Reply<byte[]> r = host.callBytesAsync(child, input.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(5), null).await(System.nanoTime() + 6_000_000_000L,
            IdleStrategy.DEFAULT);
    return r instanceof Reply.Ok<byte[]> ok ? new String(ok.value(), StandardCharsets.UTF_8)
        : r.toString();
  }

  @Test
  void remoteChild_callsReachIt_crashRestarts_nodeCrashRestartsOnSurvivor() throws Exception {
    try (RemoteCluster c = threeNodes()) {
      RemoteCluster.Node n1 = c.node("n1");
      String child = childPlacedOn(c, "n2");
      RemoteHost host = n1.remote.host("app", RemotePlacement.anyOther());
      Supervisor sup = Supervisor.builder("app", n1.loops, SupervisorSpec.oneForOne(
          RemoteChild.worker(child, "counter", new byte[0], host))
          .withIntensity(5, Duration.ofSeconds(30))).build();
      assertThat(sup.start()).isEqualTo(Reply.ok(null));
      assertThat(host.nodeOf(child)).contains("n2");
      assertThat(c.node("n2").remote.hosted()).containsExactly(child);

      // calls from the supervisor's node reach the child on n2
      assertThat(call(host, child, "increment")).isEqualTo("ack");
      assertThat(call(host, child, "read")).isEqualTo("1");

      // a crash on n2 travels back and the supervisor restarts it (on n2 again)
      assertThat(call(host, child, "reset")).isEqualTo("ack");
      assertThat(call(host, child, "reset")).contains("Crashed");
      Await.until("the restart after the crash", Duration.ofSeconds(10),
          () -> info(sup).restarts() == 1 && host.status(child) == ServerStatus.RUNNING);
      assertThat(info(sup).lastExit()).isInstanceOf(ExitReason.Crash.class);
      assertThat(host.nodeOf(child)).contains("n2");
      assertThat(call(host, child, "read")).isEqualTo("0");

      // n2 dies: the child exits with noconnection and is restarted on n3
      long t0 = System.nanoTime();
      c.node("n2").crash();
      Await.until("the restart on n3", Duration.ofSeconds(15),
          () -> host.nodeOf(child).filter("n3"::equals).isPresent());
      long failoverMs = (System.nanoTime() - t0) / 1_000_000;
      Await.until("the supervisor to see it running", Duration.ofSeconds(5),
          () -> info(sup).status() == ChildStatus.RUNNING);
      log.info("event=it_timing what=remote_child_failover ms={}", failoverMs);
      assertThat(info(sup).lastExit()).isEqualTo(new ExitReason.NoConnection("n2"));
      assertThat(failoverMs).as("noconnection after %s + restart", DEFAULTS.noConnectionAfter())
          .isLessThan(DEFAULTS.noConnectionAfter().toMillis() + 2_000);
      assertThat(call(host, child, "increment")).isEqualTo("ack");
      assertThat(c.node("n3").remote.hosted()).containsExactly(child);
      sup.stop(Duration.ofSeconds(10));
      assertThat(c.node("n3").loops.status(child)).isNull();
    }
  }

  @Test
  void supervisingNodeCrashes_childNodeStopsTheOrphanWithinTheLease() throws Exception {
    try (RemoteCluster c = threeNodes()) {
      RemoteCluster.Node n1 = c.node("n1");
      RemoteCluster.Node n2 = c.node("n2");
      RemoteHost host = n1.remote.host("app", RemotePlacement.onNode("n2"));
      Supervisor sup = Supervisor.builder("app", n1.loops, SupervisorSpec.oneForOne(
          RemoteChild.worker("orphan-1", "counter", new byte[0], host))).build();
      assertThat(sup.start()).isEqualTo(Reply.ok(null));
      assertThat(n2.loops.status("orphan-1")).isEqualTo(ServerStatus.RUNNING);

      long t0 = System.nanoTime();
      n1.crash(); // heartbeats end without any stop
      Await.until("n2 to fence the orphan", Duration.ofSeconds(10),
          () -> n2.loops.status("orphan-1") == null);
      long fenceMs = (System.nanoTime() - t0) / 1_000_000;
      log.info("event=it_timing what=orphan_fenced ms={}", fenceMs);
      assertThat(fenceMs).as("within the lease %s + one tick and slack", DEFAULTS.lease())
          .isLessThan(DEFAULTS.lease().toMillis() + 1_000);
      assertThat(c.trace.events).contains("stop:orphan-1@n2:noconnection");
      assertThat(n2.remote.hosted()).isEmpty();
    }
  }

  private static ChildInfo info(Supervisor sup) {
    return sup.whichChildren().orThrow().get(0);
  }
}
