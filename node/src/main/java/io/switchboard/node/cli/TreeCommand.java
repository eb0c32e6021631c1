package io.switchboard.node.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.proto.v1.TreeNode;
import io.switchboard.proto.v1.TreeReply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard tree --target host:port [--json]}: the supervision trees with states. */
@Command(name = "tree", description = "Prints the target's supervision trees with states.")
final class TreeCommand extends ClientCommand {
  @Option(names = "--json", description = "Print JSON (the TreeReply message) instead of text.")
  boolean json;

  @Override
  String run(SwitchboardClient client) {
    TreeReply reply = client.tree();
    if (json) {
      try {
        return JsonFormat.printer().print(reply);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("a TreeReply always prints as JSON", e);
      }
    }
    return text(reply);
  }

  /**
   * One line per supervisor or worker, children indented by two spaces:
   * {@code counter-7 worker counter RUNNING loop=loop-1 node=n1}; a running supervisor ends with
   * its {@code count_children}: {@code specs=1 active=7 supervisors=0 workers=7}. A remote child
   * shows the node it runs on ({@code node=n2} in n1's tree); a child hosted for a supervisor on
   * another node is a root of the hosting node's tree with {@code supervisor_node=n1}.
   */
  static String text(TreeReply reply) {
    StringBuilder b = new StringBuilder("node ").append(reply.getNode());
    for (TreeNode root : reply.getRootsList()) {
      append(b, root, 0);
    }
    return b.toString();
  }

  private static void append(StringBuilder b, TreeNode n, int depth) {
    b.append(System.lineSeparator()).append("  ".repeat(depth)).append(n.getName());
    if (n.getKind() == TreeNode.Kind.SUPERVISOR) {
      b.append(" supervisor ").append(n.getStrategy());
    } else {
      b.append(" worker ").append(n.getServerKind());
    }
    b.append(' ').append(n.getStatus());
    if (!n.getLoop().isEmpty()) {
      b.append(" loop=").append(n.getLoop());
    }
    if (!n.getNode().isEmpty()) {
      b.append(" node=").append(n.getNode());
    }
    if (!n.getSupervisorNode().isEmpty()) {
      b.append(" supervisor_node=").append(n.getSupervisorNode());
    }
    if (n.getRestarts() > 0) {
      b.append(" restarts=").append(n.getRestarts());
    }
    if (!n.getLastExit().isEmpty()) {
      b.append(" last_exit=\"").append(n.getLastExit()).append('"');
    }
    if (n.hasCounts()) {
      TreeNode.Counts c = n.getCounts();
      b.append(" specs=").append(c.getSpecs()).append(" active=").append(c.getActive())
          .append(" supervisors=").append(c.getSupervisors())
          .append(" workers=").append(c.getWorkers());
    }
    for (TreeNode child : n.getChildrenList()) {
      append(b, child, depth + 1);
    }
    if (n.getOmittedChildren() > 0) {
      b.append(System.lineSeparator()).append("  ".repeat(depth + 1))
          .append("… ").append(n.getOmittedChildren()).append(" more");
    }
  }
}
