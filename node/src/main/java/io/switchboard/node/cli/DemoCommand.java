package io.switchboard.node.cli;

import io.switchboard.node.demo.Tour;
import io.switchboard.testkit.AwaitFailed;
import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.ProcessCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard demo [--keep]}: starts three node processes on 127.0.0.1 (free ports,
 * temporary data directories; the testkit's {@link ProcessCluster}, running this JVM's class
 * path), waits until they are ready, runs the narrated {@link Tour}, prints
 * a summary and {@code demo: ok}. Every node is stopped at the end — also on failure and on
 * Ctrl-C (a shutdown hook) — unless {@code --keep} leaves them running and prints commands to
 * try.
 */
@Command(name = "demo", description = "Starts three local nodes and runs a narrated tour.")
final class DemoCommand implements Callable<Integer> {
  private static final List<String> NODE_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-Xshare:auto");

  @Spec CommandSpec spec;
  @Mixin HelpOption help;

  @Option(names = "--keep", description = "Leave the nodes running and print commands to try.")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path work = Files.createTempDirectory("switchboard-demo-");
    ProcessCluster cluster = ProcessCluster.builder(3, work).jvmArgs(NODE_JVM).shards(16).build();
    Thread cleanup = new Thread(() -> stop(cluster, work), "demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    boolean ok = false;
    try {
      out.printf("demo: starting 3 nodes on 127.0.0.1 (logs and data in %s)%n", work);
      long t0 = System.nanoTime();
      cluster.startAll();
      for (int i = 0; i < 3; i++) {
        out.printf("  %s%n", cluster.node(i));
      }
      out.flush();
      cluster.awaitReady(Duration.ofSeconds(90), ProcessCluster.indices(3));
      out.printf("demo: cluster ready in %.1f s, members %s%n", (System.nanoTime() - t0) / 1e9,
          cluster.client(0).members(Duration.ofSeconds(5)));
      Tour tour = new Tour(cluster, out);
      tour.run();
      out.println();
      out.println("summary");
      for (Map.Entry<String, String> e : tour.summary().entrySet()) {
        out.printf("  %-28s %s%n", e.getKey(), e.getValue());
      }
      ok = true;
    } catch (Tour.TourFailed | AwaitFailed | IllegalStateException e) {
      err.println("demo: FAILED: " + e.getMessage());
      err.println(cluster.tails());
      err.flush();
    } finally {
      Runtime.getRuntime().removeShutdownHook(cleanup);
      if (keep && ok) {
        cluster.detach();
        printKeep(out, cluster);
      } else {
        stop(cluster, work);
      }
    }
    if (ok) {
      out.println("demo: ok");
      out.flush();
    }
    return ok ? 0 : 1;
  }

  private static void printKeep(PrintWriter out, ProcessCluster cluster) {
    out.println();
    out.println("The cluster keeps running. Try:");
    NodeProcess n1 = cluster.node(0);
    out.printf("  ./switchboard call --target %s counter-7 read%n", n1.target());
    out.printf("  ./switchboard whereis --target %s counter-7%n", n1.target());
    out.printf("  ./switchboard members --target %s%n", n1.target());
    out.printf("  ./switchboard tree --target %s%n", n1.target());
    out.printf("  curl -s 127.0.0.1:%d/metrics | grep switchboard_%n", n1.httpPort());
    StringBuilder pids = new StringBuilder();
    for (int i = 0; i < cluster.size(); i++) {
      pids.append(' ').append(cluster.node(i).pid());
    }
    out.printf("Stop it with: kill%s%n", pids);
    out.flush();
  }

  private static void stop(ProcessCluster cluster, Path work) {
    cluster.close();
    try (Stream<Path> files = Files.walk(work)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; the OS cleans it eventually
    }
  }
}
