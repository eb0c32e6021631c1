package io.switchboard.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.JarCli;
import io.switchboard.node.app.DemoProvider;
import io.switchboard.proto.v1.TreeNode;
import io.switchboard.proto.v1.TreeReply;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.ProcessCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Remote supervision through the real {@code node} command (the demo application, three
 * processes, peer TLS): n1's supervisor {@code demo/remote} runs {@code remote-counter-n1} on
 * another member, and both trees say so. {@code kill -9} of that member: the child exits with
 * {@code noconnection} and is restarted on the survivor. {@code kill -9} of n1: the survivor
 * stops the orphan itself within the lease (self-fencing).
 */
@Timeout(240)
class RemoteChildIT {
  private static final String CHILD = DemoProvider.remoteChild("n1");
  /** The hosting node's fence lease (RemoteConfig: 3 beats of 500 ms). */
  private static final Duration LEASE = Duration.ofMillis(1500);
  /** Slack over the lease for a loaded machine: the fence tick, the stop, the tree poll. */
  private static final Duration FENCE_SLACK = Duration.ofMillis(3500);

  @Test
  void hostLost_childRestartsOnSurvivor_supervisorLost_orphanFencesItself(TestInfo test)
      throws Exception {
    try (ProcessCluster cluster = Clusters.start(Clusters.workDir(test), 3, 3, 3)) {
      // 1. where it runs, as n1's tree says (through the command line and HTTP too)
      TreeNode first = Await.atMost(Clusters.START).until(CHILD + " running on another node",
          () -> remoteChild(cluster), c -> c.isPresent() && running(c.get())).orElseThrow();
      String host = first.getNode();
      assertThat(host).isIn("n2", "n3");
      assertThat(first.getServerKind()).isEqualTo("counter");
      assertThat(first.getRestarts()).isZero();
      JarCli tree = JarCli.run("tree", "--target", cluster.node(0).target());
      assertThat(tree.exit()).as(tree.err()).isZero();
      assertThat(tree.out()).containsPattern("(?m)^    " + CHILD
          + " worker counter RUNNING loop=\\S+ node=" + host + "$");
      assertThat(httpTree(cluster.node(0).httpPort()))
          .contains("\"name\": \"" + CHILD + "\"", "\"node\": \"" + host + "\"");
      int hostIndex = ProcessCluster.indexOf(host);
      TreeNode hosted = hostedRoot(cluster, hostIndex).orElseThrow(
          () -> new AssertionError(host + " does not list " + CHILD + " as a hosted root"));
      assertThat(hosted.getSupervisorNode()).isEqualTo("n1");
      assertThat(hosted.getNode()).isEqualTo(host);
      JarCli hostTree = JarCli.run("tree", "--target", cluster.node(hostIndex).target());
      assertThat(hostTree.out()).contains("\n" + CHILD + " worker counter RUNNING loop=")
          .contains("node=" + host + " supervisor_node=n1");

      // 2. kill -9 of the hosting node: noconnection, restarted on the survivor
      int survivor = 3 - hostIndex; // of n2 (1) and n3 (2), the other one
      String survivorName = ProcessCluster.nodeName(survivor);
      cluster.node(hostIndex).kill9();
      TreeNode moved = Await.atMost(Duration.ofSeconds(30)).until(
          CHILD + " restarted on " + survivorName, () -> remoteChild(cluster),
          c -> c.isPresent() && running(c.get()) && c.get().getNode().equals(survivorName))
          .orElseThrow();
      assertThat(moved.getLastExit()).isEqualTo("noconnection");
      assertThat(moved.getRestarts()).isEqualTo(1);
      Await.until(survivorName + " lists " + CHILD + " as hosted for n1", Duration.ofSeconds(10),
          () -> hostedRoot(cluster, survivor).filter(h -> h.getSupervisorNode().equals("n1"))
              .isPresent());

      // 3. kill -9 of the supervisor's node: the orphan stops itself within the lease
      cluster.node(0).kill9();
      long t0 = System.nanoTime();
      Await.until(survivorName + " no longer runs the orphan " + CHILD, LEASE.plus(FENCE_SLACK),
          () -> cluster.client(survivor).client().tree().getRootsList().stream()
              .noneMatch(r -> r.getName().equals(CHILD)));
      long tookMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("[RemoteChildIT] orphan %s on %s gone %d ms after kill -9 of n1%n",
          CHILD, survivorName, tookMs);
      Await.until(survivorName + " logs the fence", Duration.ofSeconds(5),
          () -> cluster.node(survivor).output().contains("event=remote_children_fenced node="
              + survivorName + " supervisor_node=n1"));
    }
  }

  /** {@value DemoProvider#REMOTE_SUPERVISOR}'s child in n1's tree, when n1 answers. */
  private static Optional<TreeNode> remoteChild(ProcessCluster cluster) {
    try {
      TreeReply tree = cluster.client(0).client().tree();
      return tree.getRootsList().stream().map(r -> find(r, CHILD)).flatMap(Optional::stream)
          .filter(n -> n.getSupervisorNode().isEmpty()).findFirst();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** {@link #CHILD} as a root of node {@code i}'s tree (hosted there for a remote supervisor). */
  private static Optional<TreeNode> hostedRoot(ProcessCluster cluster, int i) {
    return cluster.client(i).client().tree().getRootsList().stream()
        .filter(r -> r.getName().equals(CHILD)).findFirst();
  }

  private static boolean running(TreeNode n) {
    return n.getStatus().equals("RUNNING") && !n.getNode().equals("n1");
  }

  private static Optional<TreeNode> find(TreeNode node, String name) {
    if (node.getName().equals(name)) {
      return Optional.of(node);
    }
    return node.getChildrenList().stream().map(c -> find(c, name)).flatMap(Optional::stream)
        .findFirst();
  }

  private static String httpTree(int port) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/v1/tree"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }
}
