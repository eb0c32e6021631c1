package io.switchboard.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.remote.RemoteChild;
import io.switchboard.cluster.remote.RemotePlacement;
import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.ChildType;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorSpec;
import io.switchboard.supervisor.app.RemoteChildren.Placement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node's {@code RemoteChildren} before its cluster layer is bound: specs can be made, starts
 * are refused with a message that says when they work, and {@code ready()} follows the node.
 * (Bound to a real cluster: {@code RemoteChildIT}.)
 */
@Timeout(30)
class NodeRemoteChildrenTest {
  EventLoopGroup loops;
  NodeRemoteChildren remote;

  @BeforeEach
  void start() {
    loops = EventLoopGroup.start("remote-test", 1, b -> b);
    remote = new NodeRemoteChildren(loops);
  }

  @AfterEach
  void stop() {
    loops.stop(Duration.ofSeconds(5));
  }

  @Test
  void child_isAPermanentWorkerOnADeferredHost_startingFromItsTemplate() {
    ChildSpec spec = remote.child("remote-counter-n1", "counter", new byte[] {7},
        Placement.anyOtherMember());

    assertThat(spec.id()).isEqualTo("remote-counter-n1");
    assertThat(spec.type()).isEqualTo(ChildType.WORKER);
    assertThat(spec.restart()).isEqualTo(io.switchboard.supervisor.Restart.PERMANENT);
    assertThat(spec.host()).isInstanceOf(DeferredRemoteHost.class);
    RemoteChild child = (RemoteChild) spec.start().apply(spec.id());
    assertThat(child.template()).isEqualTo("counter");
    assertThat(child.args()).containsExactly(7);
  }

  @Test
  void child_blankIdOrTemplate_refused() {
    assertThatThrownBy(() -> remote.child(" ", "counter", new byte[0], Placement.onNode("n2")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id");
    assertThatThrownBy(() -> remote.child("c", "", new byte[0], Placement.onNode("n2")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("template");
  }

  @Test
  void placement_mapsToTheClustersPlacements() {
    assertThat(NodeRemoteChildren.placement(Placement.onNode("n2")))
        .isEqualTo(RemotePlacement.onNode("n2"));
    assertThat(NodeRemoteChildren.placement(Placement.anyOtherMember()))
        .isEqualTo(RemotePlacement.anyOther());
    assertThatThrownBy(() -> Placement.onNode(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node name");
  }

  @Test
  void start_beforeTheClusterIsBound_failsUnavailable_sayingWhenItWorks() {
    Supervisor sup = Supervisor.builder("remote", loops, SupervisorSpec.oneForOne(
        remote.child("remote-counter-n1", "counter", new byte[0], Placement.anyOtherMember())))
        .build();

    Reply<Void> started = sup.start();

    assertThat(started.isOk()).isFalse();
    assertThat(((Reply.Failure<Void>) started).message()).contains("RemoteChildren.ready()");
    assertThat(remote.placed("remote-counter-n1")).isEmpty();
    assertThat(remote.hosted()).isEmpty();
  }

  @Test
  void ready_completesWhenTheNodeIsReady_unavailableWithoutRemoteSupervision() {
    assertThat(remote.ready().isDone()).isFalse();

    remote.nodeReady();

    assertThat(remote.ready().peek()).isInstanceOf(Reply.Unavailable.class);
  }

  @Test
  void ready_nodeStopsFirst_failsUnavailable() {
    remote.nodeStopping();
    remote.nodeReady();

    assertThat(((Reply.Failure<Void>) remote.ready().peek()).message())
        .contains("stopped before it was ready");
  }
}
