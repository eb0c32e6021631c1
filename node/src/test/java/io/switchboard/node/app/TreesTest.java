package io.switchboard.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.proto.v1.TreeNode;
import io.switchboard.supervisor.ChildCounts;
import io.switchboard.supervisor.ChildStatus;
import io.switchboard.supervisor.ChildType;
import io.switchboard.supervisor.Strategy;
import io.switchboard.supervisor.TreeSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The snapshot → proto mapping of the {@code Tree} reply. */
class TreesTest {

  private static TreeSnapshot worker(String id) {
    return new TreeSnapshot(id, ChildType.WORKER, ChildStatus.RUNNING, null, "loop-0", 0, null,
        null, List.of());
  }

  /** supervisor.erl count_children: the counts cover every child, also the ones left out. */
  @Test
  void toProto_supervisorCounts_copiedAndCoverOmittedChildren() {
    TreeSnapshot sup = new TreeSnapshot("counters", ChildType.SUPERVISOR, ChildStatus.RUNNING,
        Strategy.SIMPLE_ONE_FOR_ONE, null, 0, null, new ChildCounts(1, 3, 0, 3),
        List.of(worker("c1"), worker("c2"), worker("c3")));

    TreeNode n = Trees.toProto(sup, "n1", 2, name -> "counter");

    assertThat(n.getChildrenCount()).isEqualTo(2);
    assertThat(n.getOmittedChildren()).isEqualTo(1);
    assertThat(n.getCounts()).isEqualTo(TreeNode.Counts.newBuilder().setSpecs(1).setActive(3)
        .setSupervisors(0).setWorkers(3).build());
    assertThat(n.getChildren(0).hasCounts()).as("a worker has none").isFalse();
  }

  @Test
  void toProto_supervisorNotRunning_noCounts() {
    TreeSnapshot sup = new TreeSnapshot("sub", ChildType.SUPERVISOR, ChildStatus.STOPPED,
        Strategy.ONE_FOR_ONE, null, 0, "shutdown", null, List.of());
    assertThat(Trees.toProto(sup, "n1", 10, name -> "x").hasCounts()).isFalse();
  }

  /** A view where {@code placed} children run on other nodes and {@code hosted} run here. */
  private static RemoteView remote(Map<String, RemoteView.Placed> placed,
      List<RemoteView.Hosted> hosted) {
    return new RemoteView() {
      @Override
      public Optional<Placed> placed(String child) {
        return Optional.ofNullable(placed.get(child));
      }

      @Override
      public List<Hosted> hosted() {
        return hosted;
      }
    };
  }

  @Test
  void toProto_remoteChild_showsItsNodeLoopAndTemplate_localChildKeepsThisNode() {
    TreeSnapshot sup = new TreeSnapshot("remote", ChildType.SUPERVISOR, ChildStatus.RUNNING,
        Strategy.ONE_FOR_ONE, null, 0, null, new ChildCounts(2, 2, 0, 2),
        List.of(worker("remote-counter-n1"), worker("local")));
    RemoteView view = remote(Map.of("remote-counter-n1",
        new RemoteView.Placed("n2", "loop-3", "counter")), List.of());

    TreeNode n = Trees.toProto(sup, "n1", 10, name -> name, view);

    TreeNode remoteChild = n.getChildren(0);
    assertThat(remoteChild.getNode()).isEqualTo("n2");
    assertThat(remoteChild.getLoop()).isEqualTo("loop-3");
    assertThat(remoteChild.getServerKind()).isEqualTo("counter");
    assertThat(remoteChild.getSupervisorNode()).isEmpty();
    assertThat(n.getChildren(1).getNode()).isEqualTo("n1");
    assertThat(n.getChildren(1).getLoop()).isEqualTo("loop-0");
    assertThat(n.getNode()).as("the supervisor runs here").isEqualTo("n1");
  }

  @Test
  void hosted_isAWorkerRootWithItsSupervisorsNode() {
    TreeNode n = Trees.hosted(new RemoteView.Hosted("remote-counter-n1", "counter", "n1",
        "loop-2", "RUNNING"), "n3");

    assertThat(n.getName()).isEqualTo("remote-counter-n1");
    assertThat(n.getKind()).isEqualTo(TreeNode.Kind.WORKER);
    assertThat(n.getServerKind()).isEqualTo("counter");
    assertThat(n.getStatus()).isEqualTo("RUNNING");
    assertThat(n.getNode()).isEqualTo("n3");
    assertThat(n.getLoop()).isEqualTo("loop-2");
    assertThat(n.getSupervisorNode()).isEqualTo("n1");
  }
}
