package io.switchboard.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.Await;
import io.switchboard.testkit.ChildProcess;
import io.switchboard.testkit.NodeClient;
import io.switchboard.testkit.ProcessCluster;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bank as a user deploys it: three real node processes started with
 * {@code --app demo,bank --app-path DIR}, DIR holding only this module's packaged jar. The nodes'
 * class path is this JVM's without this module's own output ({@code target/classes},
 * {@code target/test-classes}, the jar), so the provider can only come from the app path. Every
 * call goes through a different node; an acknowledged balance survives a {@code kill -9} of its
 * shard's leader (the accounts are {@code REPLICATED}). Runs after {@code package}.
 */
@Timeout(240)
class BankClusterIT {
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration CALL = Duration.ofSeconds(5);

  @TempDir Path dir;

  @Test
  void accounts_servedByEveryNode_balanceSurvivesKill9OfItsLeader() throws Exception {
    Path apps = appPath();
    try (ProcessCluster cluster = ProcessCluster.builder(3, dir.resolve("cluster"))
        .expectedSize(3).classpath(nodeClasspath()).shards(8)
        .jvmArgs(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))
        .nodeArgs(List.of("--app", "demo,bank", "--app-path", apps.toString()))
        .form(3, START)) {
      assertThat(call(cluster, 0, "account-carol", "deposit 100")).isEqualTo("ok 100");
      assertThat(call(cluster, 1, "account-carol", "withdraw 40")).isEqualTo("ok 60");
      assertThat(call(cluster, 2, "account-carol", "withdraw 61")).isEqualTo("insufficient_funds 60");
      assertThat(call(cluster, 2, "account-carol", "balance")).isEqualTo("60");

      // an exit signal (OTP exit(Pid, kill)): the account comes back with its committed balance
      assertThat(cluster.client(1).client().kill("account-carol", "kill").reason())
          .isEqualTo("killed");
      Await.until("account-carol answers after the kill", START,
          () -> cluster.client(1).call("account-carol", "balance", CALL).ok());
      assertThat(call(cluster, 1, "account-carol", "balance")).isEqualTo("60");
      NodeClient.Result bad = cluster.client(0).call("account-carol", "deposit -5", CALL);
      assertThat(bad.code()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);

      NodeClient.Result where = cluster.client(0).whereIs("account-carol", CALL);
      assertThat(where.ok()).as(where.toString()).isTrue();
      int leader = ProcessCluster.indexOf(where.text());
      cluster.node(leader).kill9();
      int survivor = (leader + 1) % 3;
      Await.until("account-carol answers through " + ProcessCluster.nodeName(survivor)
          + " after the kill -9 of " + where.text(), START, () ->
          cluster.client(survivor).call("account-carol", "balance", CALL).ok());
      assertThat(call(cluster, survivor, "account-carol", "balance")).isEqualTo("60");
      assertThat(call(cluster, (leader + 2) % 3, "account-carol", "deposit 1")).isEqualTo("ok 61");
    }
  }

  @Test
  void unknownApp_nodeExits2ListingTheAppsItFound() throws Exception {
    Path apps = appPath();
    Path log = dir.resolve("nosuch.log");
    ChildProcess p = ChildProcess.start("nosuch", ChildProcess.java(List.of("-Xmx128m"),
        nodeClasspath(), ProcessCluster.NODE_MAIN_CLASS, List.of("node", "--name", "x1",
            "--grpc-port", "0", "--http-port", "0", "--data-dir", dir.resolve("x1").toString(),
            "--app", "nosuch", "--app-path", apps.toString())), log);
    try {
      assertThat(p.awaitExit(Duration.ofSeconds(60))).isTrue();
      assertThat(p.exitCode()).as(p.output()).isEqualTo(2);
      assertThat(p.output()).contains("unknown --app 'nosuch'").contains("[bank, demo]");
    } finally {
      p.close();
    }
  }

  /** A directory holding only this module's packaged jar. */
  private Path appPath() throws IOException {
    Path jar = Path.of("target", "switchboard-example-bank.jar");
    assertThat(jar).as("run 'package' first").exists();
    Path apps = Files.createDirectories(dir.resolve("apps"));
    Files.copy(jar, apps.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    return apps;
  }

  /** This JVM's class path (the node and its dependencies) without anything of this module. */
  private static String nodeClasspath() throws URISyntaxException {
    Path own = Path.of("target").toAbsolutePath().normalize();
    Path provider = Path.of(BankProvider.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).toAbsolutePath().normalize();
    assertThat(provider).as("where this JVM loads the provider from").startsWith(own);
    List<String> entries = Arrays.stream(ChildProcess.currentClasspath()
            .split(File.pathSeparator))
        .filter(e -> !e.isBlank() && !Path.of(e).toAbsolutePath().normalize().startsWith(own))
        .toList();
    return String.join(File.pathSeparator, entries);
  }

  private static String call(ProcessCluster cluster, int via, String name, String input) {
    NodeClient.Result r = cluster.client(via).call(name, input, CALL);
    assertThat(r.ok()).as("%s %s via %s: %s", name, input, ProcessCluster.nodeName(via), r)
        .isTrue();
    return r.text();
  }
}
