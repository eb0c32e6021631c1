package io.switchboard.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.core.NodeConfig;
import io.switchboard.node.server.NodeServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client commands through the real command line against a node on loopback TCP. */
@Timeout(60)
class ClientCommandsTest {
  @TempDir static Path dir;
  static NodeServer node;
  static String target;

  @BeforeAll
  static void start() throws Exception {
    node = NodeServer.builder(NodeConfig.standalone("c1", dir)).start();
    target = "127.0.0.1:" + node.grpcPort();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void call_counter_printsReplyExit0() {
    Cli inc = Cli.run("call", "--target", target, "counter-cli", "increment");
    assertThat(inc.exit()).isZero();
    assertThat(inc.out()).isEqualTo("ack" + System.lineSeparator());
    assertThat(inc.err()).isEmpty();
    Cli read = Cli.run("call", "--target", target, "counter-cli", "read");
    assertThat(read.out().strip()).isEqualTo("1");
  }

  @Test
  void call_targetFromEnvironment_used() {
    Cli r = Cli.run(Map.of("SWITCHBOARD_TARGET", target), "call", "counter-env", "read");
    assertThat(r.exit()).isZero();
    assertThat(r.out().strip()).isEqualTo("0");
  }

  @Test
  void call_unknownTemplate_notFoundOnStderrExit1() {
    Cli r = Cli.run("call", "--target", target, "nosuch-1", "read");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("NOT_FOUND: ").contains("nosuch-1");
  }

  @Test
  void call_badInput_invalidArgument() {
    Cli r = Cli.run("call", "--target", target, "counter-cli", "explode");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("INVALID_ARGUMENT: ");
  }

  @Test
  void call_nameWithControlCharacter_invalidArgumentBeforeSending() {
    // nobody listens at the target: the name is judged before any connection is tried
    Cli r = Cli.run("call", "--target", "127.0.0.1:1", "counter-\u001b[2J", "read");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("INVALID_ARGUMENT: a server name must be printable: U+001B");
  }

  @Test
  void call_resetAtZero_abortedWithReason() {
    Cli r = Cli.run("call", "--target", target, "counter-zero", "reset");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("ABORTED: ").contains("deliberate bug");
  }

  @Test
  void call_nobodyListening_unavailableExit1() {
    Cli r = Cli.run("call", "--target", "127.0.0.1:1", "--timeout", "2s", "counter-a", "read");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("UNAVAILABLE: ");
  }

  @Test
  void call_requestId_acceptedByTheNodeExit0() {
    Cli r = Cli.run("call", "--target", target, "--request-id", "cli-1", "counter-rid",
        "increment");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("ack");
    assertThat(Cli.run("cast", "--target", target, "--request-id", "cli-2", "counter-rid",
        "increment").exit()).isZero();
  }

  @Test
  void cast_counter_printsOk() {
    Cli r = Cli.run("cast", "--target", target, "counter-cast", "increment");
    assertThat(r.exit()).isZero();
    assertThat(r.out().strip()).isEqualTo("ok");
  }

  @Test
  void whereis_members_tree_printThisNode() {
    assertThat(Cli.run("whereis", "--target", target, "counter-x").out().strip())
        .isEqualTo("c1");
    assertThat(Cli.run("members", "--target", target).out().strip()).isEqualTo("c1");
    Cli.run("call", "--target", target, "counter-tree", "increment");
    Cli tree = Cli.run("tree", "--target", target);
    assertThat(tree.exit()).isZero();
    assertThat(tree.out()).startsWith("node c1")
        .contains(System.lineSeparator() + "demo supervisor one_for_one RUNNING")
        .containsPattern("  counters supervisor simple_one_for_one RUNNING.* specs=1 active=[1-9]"
            + "[0-9]* supervisors=0 workers=[1-9]")
        .contains("    counter-tree worker counter RUNNING loop=loop-");
    Cli json = Cli.run("tree", "--target", target, "--json");
    assertThat(json.exit()).isZero();
    assertThat(json.out()).contains("\"node\": \"c1\"").contains("\"name\": \"counter-tree\"");
  }

  @Test
  void badFlagValues_usageErrorExit2() {
    Cli target = Cli.run("call", "--target", "nonsense", "counter-a", "read");
    assertThat(target.exit()).isEqualTo(2);
    assertThat(target.err()).contains("--target").contains("host:port");
    Cli timeout = Cli.run("call", "--timeout", "soon", "counter-a", "read");
    assertThat(timeout.exit()).isEqualTo(2);
    assertThat(timeout.err()).contains("not a duration");
    Cli missing = Cli.run("call", "counter-a");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(Cli.run("frobnicate").exit()).isEqualTo(2);
    assertThat(Cli.run().exit()).isEqualTo(2);
  }
}
