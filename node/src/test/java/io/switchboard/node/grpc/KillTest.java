package io.switchboard.node.grpc;

import static io.switchboard.node.Requests.code;
import static io.switchboard.node.Requests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.switchboard.node.InProcessNode;
import io.switchboard.proto.v1.KillReply;
import io.switchboard.proto.v1.KillRequest;
import io.switchboard.proto.v1.TreeNode;
import io.switchboard.proto.v1.TreeRequest;
import io.switchboard.supervisor.ExitReason;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code Kill} RPC: OTP's {@code exit(Pid, Reason)} from outside. supervisor.erl: a child's
 * exit is seen by its supervisor ({@code 'EXIT'} message), which restarts a permanent child and
 * counts the restart; {@code kill} is untrappable (no {@code terminate}), other reasons reach a
 * trapping server's {@code terminate/2}.
 */
@Timeout(60)
class KillTest {
  @TempDir Path dir;
  InProcessNode n;

  @BeforeEach
  void start() throws Exception {
    n = InProcessNode.start(dir);
  }

  @AfterEach
  void stop() {
    n.close();
  }

  @Test
  void kill_brutal_noTerminate_supervisorRestartsFromInit() {
    text(n.blocking(), "counter-k", "increment"); // in memory only: saved by terminate
    KillReply r = kill("counter-k", "kill");
    assertThat(r.getNode()).isEqualTo("t1");
    assertThat(r.getReason()).isEqualTo("killed");
    // restarted by its supervisor; terminate did not run, so the increment was never saved
    assertThat(text(n.blocking(), "counter-k", "read")).isEqualTo("0");
    TreeNode child = child("counter-k").orElseThrow();
    assertThat(child.getRestarts()).isEqualTo(1);
    assertThat(child.getLastExit()).isEqualTo("killed");
    assertThat(child.getStatus()).isEqualTo("RUNNING");
  }

  @Test
  void kill_shutdown_terminateRuns_andTheRestartLoadsWhatItSaved() {
    text(n.blocking(), "counter-s", "increment");
    assertThat(kill("counter-s", "shutdown").getReason()).isEqualTo("shutdown");
    assertThat(text(n.blocking(), "counter-s", "read")).isEqualTo("1");
    assertThat(child("counter-s").orElseThrow().getLastExit()).isEqualTo("shutdown");
  }

  @Test
  void kill_customReason_abnormalExitNamedByTheSender() {
    text(n.blocking(), "counter-c", "read");
    assertThat(kill("counter-c", "maintenance").getReason())
        .isEqualTo("crash:exit signal maintenance");
    assertThat(text(n.blocking(), "counter-c", "read")).isEqualTo("0");
  }

  @Test
  void kill_notRunning_notFound_badInput_invalidArgument_nodeKeepsServing() {
    assertThatThrownBy(() -> kill("counter-never", "kill")).hasMessageContaining("NOT_FOUND")
        .hasMessageContaining("counter-never");
    assertThat(code(() -> kill("", "kill"))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> kill("counter-x", "two words"))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(text(n.blocking(), "counter-x", "increment")).isEqualTo("ack");
  }

  @Test
  void exitSignals_parse_otpReasons() {
    assertThat(ExitSignals.parse("")).isEqualTo(ExitReason.KILLED);
    assertThat(ExitSignals.parse("kill")).isEqualTo(ExitReason.KILLED);
    assertThat(ExitSignals.parse("normal")).isEqualTo(ExitReason.NORMAL);
    assertThat(ExitSignals.parse("shutdown")).isEqualTo(ExitReason.SHUTDOWN);
    assertThat(ExitSignals.parse("oops").isNormal()).isFalse();
    assertThatThrownBy(() -> ExitSignals.parse("x".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExitSignals.parse("bad\u0007"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private KillReply kill(String name, String reason) {
    return n.blocking().kill(KillRequest.newBuilder().setName(name).setReason(reason).build());
  }

  private Optional<TreeNode> child(String name) {
    return n.blocking().tree(TreeRequest.getDefaultInstance()).getRootsList().stream()
        .map(root -> find(root, name)).flatMap(Optional::stream).findFirst();
  }

  private static Optional<TreeNode> find(TreeNode node, String name) {
    if (node.getName().equals(name)) {
      return Optional.of(node);
    }
    return node.getChildrenList().stream().map(c -> find(c, name)).flatMap(Optional::stream)
        .findFirst();
  }
}
