package io.switchboard.node.demo;

import io.switchboard.node.app.DemoProvider;
import io.switchboard.proto.v1.TreeNode;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ProcessCluster;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tour's remote-supervision step: n1's supervisor {@value DemoProvider#REMOTE_SUPERVISOR}
 * runs {@code remote-counter-n1} on another member; both trees show it; {@code kill -9} of that
 * member and the child is restarted on the survivor with last exit {@code noconnection}; the
 * killed member rejoins. Throws {@link Tour.TourFailed} or {@link io.switchboard.testkit.AwaitFailed}
 * when it does not show that.
 */
final class RemoteStep {
  private static final int SUPERVISING = 0;
  private static final String CHILD = DemoProvider.remoteChild(ProcessCluster.nodeName(0));

  private final ProcessCluster cluster;
  private final PrintWriter out;
  private final Map<String, String> summary;

  RemoteStep(ProcessCluster cluster, PrintWriter out, Map<String, String> summary) {
    this.cluster = cluster;
    this.out = out;
    this.summary = summary;
  }

  void run() throws Exception {
    String n1 = ProcessCluster.nodeName(SUPERVISING);
    say("7. Remote supervision: %s's supervisor %s runs %s on another member.", n1,
        DemoProvider.REMOTE_SUPERVISOR, CHILD);
    TreeNode before = Await.atMost(Duration.ofSeconds(60)).until(CHILD + " running",
        this::child, c -> c.isPresent() && running(c.get())).orElseThrow();
    String host = before.getNode();
    int hostIndex = ProcessCluster.indexOf(host);
    say("   %s tree: %s worker %s %s node=%s restarts=%d", n1, CHILD, before.getServerKind(),
        before.getStatus(), host, before.getRestarts());
    TreeNode hosted = cluster.client(hostIndex).client().tree().getRootsList().stream()
        .filter(r -> r.getName().equals(CHILD)).findFirst().orElseThrow(
            () -> new Tour.TourFailed(host + "'s tree does not list " + CHILD));
    say("   %s tree: %s worker %s %s supervisor_node=%s (a root there: %s only hosts it)", host,
        CHILD, hosted.getServerKind(), hosted.getStatus(), hosted.getSupervisorNode(), host);

    int survivor = 3 - hostIndex; // the member that is neither n1 nor the host
    String survivorName = ProcessCluster.nodeName(survivor);
    say("   kill -9 of %s, the node it runs on.", host);
    cluster.node(hostIndex).kill9();
    long t0 = System.nanoTime();
    TreeNode after = Await.atMost(Duration.ofSeconds(30)).until(
        CHILD + " restarted on " + survivorName, this::child,
        c -> c.isPresent() && running(c.get()) && c.get().getNode().equals(survivorName))
        .orElseThrow();
    long took = System.nanoTime() - t0;
    if (!after.getLastExit().equals("noconnection")
        || after.getRestarts() != before.getRestarts() + 1) {
      throw new Tour.TourFailed(CHILD + " should show one more restart with last exit "
          + "noconnection, got " + after);
    }
    say("   %s tree: %s worker %s %s node=%s restarts=%d last_exit=\"%s\" (%.0f ms after the"
        + " kill)", n1, CHILD, after.getServerKind(), after.getStatus(), after.getNode(),
        after.getRestarts(), after.getLastExit(), took / 1e6);
    summary.put("remote child restarted on", String.format("%s in %.0f ms (noconnection)",
        survivorName, took / 1e6));

    cluster.start(hostIndex);
    cluster.awaitReady(Duration.ofSeconds(60), List.of(hostIndex));
    say("   %s rejoins; the child stays on %s (a restart is placed anew, nothing moves back)",
        host, survivorName);
  }

  /** {@link #CHILD} under its supervisor in n1's tree, when n1 answers. */
  private Optional<TreeNode> child() {
    try {
      return cluster.client(SUPERVISING).client().tree().getRootsList().stream()
          .map(r -> find(r, CHILD)).flatMap(Optional::stream)
          .filter(n -> n.getSupervisorNode().isEmpty()).findFirst();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean running(TreeNode n) {
    return n.getStatus().equals("RUNNING") && !n.getNode().isEmpty()
        && !n.getNode().equals(ProcessCluster.nodeName(SUPERVISING));
  }

  private static Optional<TreeNode> find(TreeNode node, String name) {
    if (node.getName().equals(name)) {
      return Optional.of(node);
    }
    return node.getChildrenList().stream().map(c -> find(c, name)).flatMap(Optional::stream)
        .findFirst();
  }

  private void say(String format, Object... args) {
    out.println(String.format(format, args));
    out.flush();
  }
}
