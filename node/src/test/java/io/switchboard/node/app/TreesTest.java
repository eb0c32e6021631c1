package io.switchboard.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.proto.v1.TreeNode;
import io.switchboard.supervisor.ChildCounts;
import io.switchboard.supervisor.ChildStatus;
import io.switchboard.supervisor.ChildType;
import io.switchboard.supervisor.Strategy;
import io.switchboard.supervisor.TreeSnapshot;
import java.util.List;
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
}
