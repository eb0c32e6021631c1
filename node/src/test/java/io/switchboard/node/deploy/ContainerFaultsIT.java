package io.switchboard.node.deploy;

import static io.switchboard.node.deploy.ComposeCluster.CALL;
import static io.switchboard.node.deploy.ComposeCluster.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.switchboard.testkit.NodeClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real faults on the compose cluster's containers, each observed through the nodes' public
 * gRPC API: {@code docker kill} of a name's owner, {@code docker pause}/{@code unpause} (a hung
 * node waking up), {@code docker network disconnect}/{@code connect} (a partition). Every test
 * starts from a formed three-node cluster ({@link ComposeCluster#restore()}) and prints how
 * long the cluster took to serve again.
 */
@Timeout(240)
class ContainerFaultsIT {

  /** The bound of a failover: detection (4-7 s with the tuned JGroups stack) plus placement. */
  private static final Duration FAILOVER = Duration.ofSeconds(45);
  /** The bound of a rejoin or a merge after healing (3-11 s) plus the node's own start-up. */
  private static final Duration MERGE = Duration.ofSeconds(90);
  /** Calls while a node is failing or waking: short, so a hung call does not eat the wait. */
  private static final Duration PROBE = Duration.ofSeconds(2);

  private static ComposeCluster cluster;

  @BeforeAll
  static void up() {
    DockerRequirement.requireEngine();
    cluster = ComposeCluster.up("sbfaults");
  }

  @AfterAll
  static void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void formed() {
    cluster.restore();
  }

  @Test
  void kill_ownerOfAName_survivorServesItThenTheRestartedNodeRejoins() {
    String name = "counter-kill";
    increment(name, "n1", 3);
    String owner = agreedOwner(name, SERVICES);
    List<String> survivors = others(owner);

    Docker.kill(cluster.node(owner).container());
    long killed = System.nanoTime();
    NodeClient.Result served = Poll.atMost(FAILOVER).until(survivors.get(0) + " serves " + name + " after the kill",
        () -> cluster.client(survivors.get(0)).call(name, "read", PROBE), NodeClient.Result::ok);
    report("docker kill of the owner -> first call served by a survivor", killed);

    String newOwner = agreedOwner(name, survivors);
    assertThat(newOwner).as("the new owner").isIn(survivors);
    assertThat(cluster.client(survivors.get(1)).call(name, "increment", CALL)).hasToString("ack");
    String value = String.valueOf(Long.parseLong(served.text()) + 1);
    survivors.forEach(s -> assertThat(cluster.client(s).call(name, "read", CALL)).as("via %s", s).hasToString(value));

    Docker.start(cluster.node(owner).container());
    long started = System.nanoTime();
    cluster.awaitFormed();
    report("docker start of the killed node -> three members, all ready", started);
    agreedOwner(name, SERVICES);
    SERVICES.forEach(s -> assertThat(cluster.client(s).call(name, "read", CALL)).as("via %s", s).hasToString(value));
  }

  @Test
  void pause_ownerFrozenThenThawed_failoverThenOneOwnerAndNeverAStaleValue() {
    String name = "counter-pause";
    increment(name, "n1", 5);
    String stale = "5";
    String owner = agreedOwner(name, SERVICES);
    List<String> survivors = others(owner);

    Docker.pause(cluster.node(owner).container());
    long paused = System.nanoTime();
    Poll.atMost(FAILOVER).until(survivors.get(0) + " serves " + name + " while its owner hangs",
        () -> cluster.client(survivors.get(0)).call(name, "read", PROBE), NodeClient.Result::ok);
    report("docker pause of the owner -> first call served by a survivor", paused);
    for (String survivor : survivors) {
      Poll.atMost(FAILOVER).until("the hang detected: " + survivor + " sees only " + survivors,
          () -> cluster.members(survivor), survivors::equals);
    }
    assertThat(cluster.client(survivors.get(1)).call(name, "increment", CALL)).hasToString("ack");
    assertThat(cluster.client(survivors.get(0)).call(name, "increment", CALL)).hasToString("ack");
    String value = cluster.client(survivors.get(1)).call(name, "read", CALL).toString();
    assertThat(value).as("the value after the failover, which a stale owner would not know").isNotEqualTo(stale);

    Docker.unpause(cluster.node(owner).container());
    long thawed = System.nanoTime();
    List<NodeClient.Result> wokenAnswers = new ArrayList<>();
    List<NodeClient.Result> survivorAnswers = new ArrayList<>();
    Poll.atMost(MERGE).until(owner + " rejoined and serves " + name, () -> {
      NodeClient.Result woken = cluster.client(owner).call(name, "read", PROBE);
      wokenAnswers.add(woken);
      survivorAnswers.add(cluster.client(survivors.get(0)).call(name, "read", PROBE));
      return woken.ok() && cluster.members(owner).equals(SERVICES);
    });
    report("docker unpause -> the woken node is a member again and answers", thawed);

    // the woken node never served its own stale copy: UNAVAILABLE until it confirmed the view, then the value
    assertThat(wokenAnswers).as("answers of the woken %s", owner)
        .allSatisfy(answer -> assertThat(answer.code() == Status.Code.UNAVAILABLE || answer.toString().equals(value))
            .as("%s is UNAVAILABLE or %s", answer, value).isTrue());
    assertThat(survivorAnswers).as("answers of %s during the merge", survivors.get(0))
        .allSatisfy(answer -> assertThat(answer.code() == Status.Code.UNAVAILABLE || answer.toString().equals(value))
            .as("%s is UNAVAILABLE or %s", answer, value).isTrue());
    cluster.awaitFormed();
    agreedOwner(name, SERVICES);
    SERVICES.forEach(s -> assertThat(cluster.client(s).call(name, "read", CALL)).as("via %s", s).hasToString(value));
  }

  @Test
  void partition_oneNodeCutOff_minorityStopsServingAndIsNotReady_thenMergesWithOneOwnerPerName() {
    List<String> names = List.of("counter-partition-0", "counter-partition-1", "counter-partition-2",
        "counter-partition-3", "counter-partition-4", "counter-partition-5");
    names.forEach(name -> increment(name, "n1", 3));
    String minority = agreedOwner(names.get(0), SERVICES);
    List<String> majority = others(minority);

    String value;
    try (Partition partition = Partition.cut(cluster.network(), cluster.node(minority))) {
      long cut = System.nanoTime();
      for (String side : majority) {
        Poll.atMost(FAILOVER).until(side + " sees only the majority", () -> cluster.members(side), majority::equals);
      }
      NodeClient.Result served = Poll.atMost(FAILOVER).until("the majority serves " + names.get(0),
          () -> cluster.client(majority.get(0)).call(names.get(0), "read", PROBE), NodeClient.Result::ok);
      report("docker network disconnect of the owner -> first call served by the majority", cut);

      // the majority serves the name now, so the minority must not: never two owners
      assertThat(partition.call(names.get(0), "read")).as("%s, cut off, asked from inside its container", minority)
          .startsWith("UNAVAILABLE");
      Poll.atMost(FAILOVER).until(minority + " reports not ready", partition::readiness, status -> status == 503);
      assertThat(partition.call(names.get(1), "increment")).as("any cluster-scoped name on %s", minority)
          .startsWith("UNAVAILABLE");

      assertThat(cluster.client(majority.get(1)).call(names.get(0), "increment", CALL)).hasToString("ack");
      value = String.valueOf(Long.parseLong(served.text()) + 1);
    }
    long healed = System.nanoTime();
    cluster.awaitFormed();
    report("docker network connect -> merged, three members, all ready", healed);

    for (String name : names) {
      agreedOwner(name, SERVICES);
    }
    SERVICES.forEach(s -> assertThat(cluster.client(s).call(names.get(0), "read", CALL)).as("via %s", s)
        .hasToString(value));
  }

  /** The owner of {@code name} once every node of {@code asked} names the same one (within {@link #MERGE}). */
  private static String agreedOwner(String name, List<String> asked) {
    List<String> owners = Poll.atMost(MERGE).until(asked + " agree on the owner of " + name,
        () -> asked.stream().map(s -> cluster.client(s).whereIs(name, CALL).toString()).toList(),
        answers -> answers.stream().distinct().count() == 1 && answers.get(0).matches("n[0-9]+"));
    return owners.get(0);
  }

  private static void increment(String name, String via, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(cluster.client(via).call(name, "increment", CALL)).as("%s increment via %s", name, via)
          .hasToString("ack");
    }
  }

  private static List<String> others(String service) {
    return SERVICES.stream().filter(s -> !s.equals(service)).toList();
  }

  private static void report(String what, long sinceNanos) {
    System.out.printf("ContainerFaultsIT: %s: %d ms%n", what, (System.nanoTime() - sinceNanos) / 1_000_000);
  }
}
