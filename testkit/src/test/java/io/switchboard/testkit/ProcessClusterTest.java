package io.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The harness against {@link FakeNode} processes: real processes and signals, no node. */
@Timeout(120)
class ProcessClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String> SMALL_JVM = List.of("-Xmx64m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1");

  @TempDir Path dir;

  private ProcessCluster.Builder fake(int size) {
    return ProcessCluster.builder(size, dir).mainClass(FakeNode.class.getName())
        .jvmArgs(SMALL_JVM);
  }

  @Test
  void form_killRestartPauseTerminateClose_eachDoesWhatItSaysAndNothingIsLeft()
      throws Exception {
    List<ProcessHandle> started = new ArrayList<>();
    try (ProcessCluster c = fake(3).build()) {
      c.form(3, WAIT);
      for (int i = 0; i < 3; i++) {
        started.add(ProcessHandle.of(c.node(i).pid()).orElseThrow());
        assertThat(c.node(i).name()).isEqualTo(ProcessCluster.nodeName(i));
      }
      assertThat(c.node(0).output()).contains("fake node n1 ready seeds=127.0.0.1:");

      c.node(1).kill9();
      assertThat(c.node(1).isAlive()).isFalse();
      c.awaitMembers(2, WAIT, List.of(0, 2));
      assertThatThrownBy(() -> c.awaitReady(WAIT, List.of(1)))
          .isInstanceOf(AwaitFailed.class).hasMessageContaining("n2 is not running")
          .hasMessageContaining("fake node n2 ready");

      int port = c.node(1).grpcPort();
      Duration back = c.restart(1, WAIT);
      assertThat(back).isPositive();
      assertThat(c.node(1).grpcPort()).isEqualTo(port);
      started.add(ProcessHandle.of(c.node(1).pid()).orElseThrow());
      c.awaitMembers(3, WAIT, ProcessCluster.indices(3));

      c.node(2).pause();
      assertThat(c.node(2).isReady()).as("a paused node does not answer").isFalse();
      c.node(2).resume();
      c.awaitReady(WAIT, List.of(2));

      assertThat(c.node(0).terminate(WAIT)).as("exit code after SIGTERM").isNotEqualTo(-1);
      assertThat(c.node(0).isAlive()).isFalse();
      c.node(2).pause(); // close must stop a paused node too
    }
    assertThat(started).hasSize(4).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void singleNodeOfExpectedSizeOne_runsStandaloneWithoutSeeds() throws Exception {
    try (ProcessCluster c = fake(1).build()) {
      c.form(1, WAIT);
      assertThat(c.node(0).output()).contains("fake node n1 ready seeds=null");
    }
  }

  @Test
  void raftOptionsAndEnvironment_passedToEveryNode_keptAcrossRestart() throws Exception {
    try (ProcessCluster c = fake(2).shards(8).replicas(2)
        .nodeArgs(List.of("--log-level", "debug"))
        .environment(Map.of(FakeNode.ENV, "none")).build()) {
      c.form(2, WAIT);
      int peer = c.node(1).peerPort();
      assertThat(peer).isPositive().isNotEqualTo(c.node(0).peerPort())
          .isNotEqualTo(c.node(1).grpcPort());
      assertThat(c.node(1).output()).contains("--peer-port " + peer + " --shards 8 --replicas 2"
          + " --log-level debug");
      c.restart(1, WAIT);
      assertThat(c.node(1).peerPort()).isEqualTo(peer);
      assertThat(c.node(1).output()).as("the log of both runs")
          .containsPattern("(?s)--peer-port " + peer + " .*--peer-port " + peer + " ");
      assertThat(c.node(0).output()).contains("fake node n1 env " + FakeNode.ENV + "=none");
      assertThat(c.node(1).output()).as("the environment of both runs")
          .containsPattern("(?s)env " + FakeNode.ENV + "=none.*env " + FakeNode.ENV + "=none");
      assertThat(c.terminateAll(WAIT)).containsOnlyKeys(0, 1).doesNotContainValue(-1);
      assertThat(c.node(0).isAlive()).isFalse();
    }
  }

  @Test
  void peerPortsOff_passesNoRaftFlags() throws Exception {
    try (ProcessCluster c = fake(1).peerPorts(false).build()) {
      c.form(1, WAIT);
      assertThat(c.node(0).peerPort()).isEqualTo(-1);
      assertThat(c.node(0).output()).doesNotContain("--peer-port").doesNotContain("--shards");
    }
  }

  @Test
  void callWithRequestId_sendsTheIdAsGiven() throws Exception {
    try (ProcessCluster c = fake(1).build()) {
      c.form(1, WAIT);
      NodeClient.Result r = c.client(0).call("counter-1", "increment", "w1-17", WAIT);
      assertThat(r.ok()).as("%s", r).isTrue();
      assertThat(r.text()).isEqualTo("counter-1 increment id=w1-17");
      assertThat(c.client(0).call("counter-1", "read", WAIT).code())
          .as("the fake serves Call on the other channel too").isEqualTo(Status.Code.OK);
    }
  }

  @Test
  void start_nodeAlreadyRunning_isRefused() throws Exception {
    try (ProcessCluster c = fake(1).build()) {
      c.start(0);
      assertThatThrownBy(() -> c.start(0)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("n1 is already running");
    }
  }

  @Test
  void builder_badSizesAndMissingJar_areRefusedWithHowToFix() {
    assertThatThrownBy(() -> ProcessCluster.builder(10, dir))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessCluster.builder(3, dir).expectedSize(4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessCluster.builder(3, dir).shards(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessCluster.builder(3, dir).jar(dir.resolve("none.jar")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("package");
  }

  @Test
  void nodeNames_andIndices_areInverse() {
    assertThat(ProcessCluster.nodeName(0)).isEqualTo("n1");
    assertThat(ProcessCluster.indexOf("n9")).isEqualTo(8);
    assertThat(ProcessCluster.indices(3)).containsExactly(0, 1, 2);
    assertThatThrownBy(() -> ProcessCluster.indexOf("node1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
