package io.switchboard.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.proto.v1.TreeNode;
import io.switchboard.proto.v1.TreeReply;
import org.junit.jupiter.api.Test;

/** The text form of {@code tree}: where remote children run, and what a node hosts for others. */
class TreeCommandTest {

  private static TreeNode worker(String name, String node) {
    return TreeNode.newBuilder().setName(name).setKind(TreeNode.Kind.WORKER)
        .setServerKind("counter").setStatus("RUNNING").setLoop("loop-1").setNode(node).build();
  }

  @Test
  void text_remoteChild_showsItsNode_hostedChild_showsItsSupervisorsNode() {
    TreeNode remoteSup = TreeNode.newBuilder().setName("remote").setKind(TreeNode.Kind.SUPERVISOR)
        .setStrategy("one_for_one").setStatus("RUNNING").setNode("n1")
        .addChildren(worker("remote-counter-n1", "n2").toBuilder().setRestarts(1)
            .setLastExit("noconnection"))
        .build();
    TreeNode hosted = worker("remote-counter-n3", "n1").toBuilder().setSupervisorNode("n3")
        .build();
    TreeReply reply = TreeReply.newBuilder().setNode("n1").addRoots(remoteSup).addRoots(hosted)
        .build();

    String text = TreeCommand.text(reply);

    String nl = System.lineSeparator();
    assertThat(text).isEqualTo("node n1" + nl
        + "remote supervisor one_for_one RUNNING node=n1" + nl
        + "  remote-counter-n1 worker counter RUNNING loop=loop-1 node=n2 restarts=1"
        + " last_exit=\"noconnection\"" + nl
        + "remote-counter-n3 worker counter RUNNING loop=loop-1 node=n1 supervisor_node=n3");
  }
}
