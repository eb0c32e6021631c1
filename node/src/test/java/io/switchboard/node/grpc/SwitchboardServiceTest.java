package io.switchboard.node.grpc;

import static io.switchboard.node.Requests.call;
import static io.switchboard.node.Requests.cast;
import static io.switchboard.node.Requests.code;
import static io.switchboard.node.Requests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.node.InProcessNode;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.MembersReply;
import io.switchboard.proto.v1.MembersRequest;
import io.switchboard.proto.v1.TreeNode;
import io.switchboard.proto.v1.TreeReply;
import io.switchboard.proto.v1.TreeRequest;
import io.switchboard.proto.v1.WhereIsReply;
import io.switchboard.proto.v1.WhereIsRequest;
import io.switchboard.testkit.Await;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The public service over the in-process transport: every status mapping and bad input. */
@Timeout(60)
class SwitchboardServiceTest {
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
  void call_counter_startsOnDemandAndCounts() {
    assertThat(text(n.blocking(), "counter-a", "increment")).isEqualTo("ack");
    assertThat(text(n.blocking(), "counter-a", "increment")).isEqualTo("ack");
    assertThat(text(n.blocking(), "counter-a", "read")).isEqualTo("2");
    assertThat(text(n.blocking(), "counter-b", "read")).isEqualTo("0");
  }

  @Test
  void call_unknownTemplate_notFound() {
    assertThatThrownBy(() -> n.blocking().call(call("nosuch-1", "read")))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).contains("nosuch-1");
        });
    assertServing();
  }

  @Test
  void call_randomBytes_invalidArgumentAndNodeKeepsServing() {
    byte[] junk = new byte[256];
    new Random(42).nextBytes(junk);
    CallRequest bad = CallRequest.newBuilder().setName("counter-r")
        .setPayload(ByteString.copyFrom(junk)).build();
    assertThat(code(() -> n.blocking().call(bad))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertServing();
    assertThat(text(n.blocking(), "counter-r", "read")).isEqualTo("0");
  }

  @Test
  void call_emptyName_invalidArgument() {
    assertThat(code(() -> n.blocking().call(call("", "read"))))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> n.blocking().cast(cast("", "read"))))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> n.blocking().whereIs(WhereIsRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertServing();
  }

  @Test
  void call_nameWithControlCharacter_invalidArgumentNamingIt() {
    String forged = "counter-1\nevent=node_stopped name=n1";
    assertThatThrownBy(() -> n.blocking().call(call(forged, "read")))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("printable", "U+000A at index 9");
        });
    assertThat(code(() -> n.blocking().cast(cast("counter-\u202e1", "increment"))))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> n.blocking().whereIs(
        WhereIsRequest.newBuilder().setName("counter-\t1").build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertServing();
  }

  @Test
  void call_nameOf10000Chars_invalidArgument() {
    String huge = "counter-" + "x".repeat(10_000 - 8);
    assertThatThrownBy(() -> n.blocking().call(call(huge, "read")))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("1024");
        });
    assertThat(code(() -> n.blocking().call(call("counter-" + "x".repeat(1016), "read"))))
        .isEqualTo(Status.Code.OK);
    assertServing();
  }

  @Test
  void call_resetAtZero_abortedWithReasonThenNextCallWorks() {
    assertThatThrownBy(() -> n.blocking().call(call("counter-z", "reset")))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
          assertThat(e.getStatus().getDescription()).contains("counter-z", "deliberate bug");
        });
    assertThat(text(n.blocking(), "counter-z", "increment")).isEqualTo("ack");
    assertThat(text(n.blocking(), "counter-z", "read")).isEqualTo("1");
  }

  @Test
  void call_nodeNotReady_unavailableWithReason() {
    n.node.lifecycle().drain("shutting down");
    assertThatThrownBy(() -> n.blocking().call(call("counter-a", "read")))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.getStatus().getDescription()).contains("shutting down");
        });
    assertThat(code(() -> n.blocking().cast(cast("counter-a", "increment"))))
        .isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void cast_counter_queuedAndApplied() throws InterruptedException {
    n.blocking().cast(cast("counter-c", "increment"));
    n.blocking().cast(cast("counter-c", "increment"));
    Await.until("two casts applied", java.time.Duration.ofSeconds(5),
        () -> text(n.blocking(), "counter-c", "read").equals("2"));
  }

  @Test
  void cast_badInputOrUnknownName_reportedAsForCalls() {
    assertThat(code(() -> n.blocking().cast(cast("counter-c", "bogus"))))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> n.blocking().cast(cast("nosuch", "read"))))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void whereIs_templateName_thisNodeElseNotFound() {
    WhereIsReply owner = n.blocking().whereIs(WhereIsRequest.newBuilder()
        .setName("counter-w").build());
    assertThat(owner.getNode()).isEqualTo("t1");
    assertThat(code(() -> n.blocking().whereIs(WhereIsRequest.newBuilder()
        .setName("nosuch").build()))).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void members_standalone_selfOnlyInQuorum() {
    MembersReply m = n.blocking().members(MembersRequest.getDefaultInstance());
    assertThat(m.getMembersList()).extracting(io.switchboard.proto.v1.Member::getName)
        .containsExactly("t1");
    assertThat(m.getSelf()).isEqualTo("t1");
    assertThat(m.getQuorum()).isTrue();
    assertThat(m.getExpectedSize()).isEqualTo(1);
  }

  @Test
  void tree_afterCalls_listsRunningCounters() {
    text(n.blocking(), "counter-t1", "increment");
    text(n.blocking(), "counter-t2", "increment");
    TreeReply tree = n.blocking().tree(TreeRequest.getDefaultInstance());
    assertThat(tree.getNode()).isEqualTo("t1");
    TreeNode root = tree.getRoots(0);
    assertThat(root.getName()).isEqualTo("demo");
    assertThat(root.getKind()).isEqualTo(TreeNode.Kind.SUPERVISOR);
    assertThat(root.getStrategy()).isEqualTo("one_for_one");
    TreeNode counters = root.getChildren(0);
    assertThat(counters.getName()).isEqualTo("counters");
    assertThat(counters.getStrategy()).isEqualTo("simple_one_for_one");
    assertThat(counters.getChildrenList()).extracting(TreeNode::getName)
        .containsExactlyInAnyOrder("counter-t1", "counter-t2");
    assertThat(counters.getChildrenList()).allSatisfy(c -> {
      assertThat(c.getKind()).isEqualTo(TreeNode.Kind.WORKER);
      assertThat(c.getStatus()).isEqualTo("RUNNING");
      assertThat(c.getServerKind()).isEqualTo("counter");
      assertThat(c.getLoop()).startsWith("loop-");
      assertThat(c.getNode()).isEqualTo("t1");
    });
  }

  /** supervisor.erl count_children per supervisor in the served tree. */
  @Test
  void tree_countChildren_perRunningSupervisor() {
    text(n.blocking(), "counter-cc1", "increment");
    text(n.blocking(), "counter-cc2", "increment");
    TreeNode root = n.blocking().tree(TreeRequest.getDefaultInstance()).getRoots(0);
    assertThat(root.getCounts().getSpecs()).isEqualTo(root.getChildrenCount());
    assertThat(root.getCounts().getActive()).isEqualTo(root.getChildrenCount());
    TreeNode counters = root.getChildren(0);
    assertThat(counters.getCounts().getSpecs()).isEqualTo(1);
    assertThat(counters.getCounts().getActive()).isEqualTo(counters.getChildrenCount())
        .isGreaterThanOrEqualTo(2);
    assertThat(counters.getCounts().getWorkers()).isEqualTo(counters.getChildrenCount());
    assertThat(counters.getChildren(0).hasCounts()).isFalse();
  }

  @Test
  void tree_afterCrash_showsTheRestartAndLastExit() {
    assertThat(code(() -> n.blocking().call(call("counter-cr", "reset"))))
        .isEqualTo(Status.Code.ABORTED);
    text(n.blocking(), "counter-cr", "read");
    TreeNode crashed = n.blocking().tree(TreeRequest.getDefaultInstance()).getRoots(0)
        .getChildren(0).getChildren(0);
    assertThat(crashed.getName()).isEqualTo("counter-cr");
    assertThat(crashed.getRestarts()).isEqualTo(1);
    assertThat(crashed.getLastExit()).contains("deliberate bug");
  }

  private void assertServing() {
    assertThat(text(n.blocking(), "counter-alive", "read")).isNotEmpty();
  }
}
