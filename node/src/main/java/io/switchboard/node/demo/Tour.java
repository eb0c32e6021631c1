package io.switchboard.node.demo;

import io.grpc.Status;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.NodeClient;
import io.switchboard.testkit.ProcessCluster;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The narrated tour of {@code ./switchboard demo} over a running {@link ProcessCluster} of three
 * nodes: counters called from every node, a deliberate crash and its restart, a telephone call,
 * the event manager, a {@code kill -9} of the leader serving a counter with the failover timed
 * (the counter keeps its acknowledged value), the rejoin, and a remote child restarted on a
 * survivor when its node is killed ({@link RemoteStep}). Each
 * step checks what it shows; the first that does not hold throws {@link TourFailed} (or {@link
 * io.switchboard.testkit.AwaitFailed} when it did not happen in time).
 */
public final class Tour {
  private static final Duration CALL = Duration.ofSeconds(5);

  private final ProcessCluster cluster;
  private final PrintWriter out;
  private final Map<String, String> summary = new LinkedHashMap<>();

  public Tour(ProcessCluster cluster, PrintWriter out) {
    this.cluster = cluster;
    this.out = out;
  }

  /** A step of the tour did not show what it should. */
  public static final class TourFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TourFailed(String message) {
      super(message);
    }
  }

  /** What the tour measured, in order, for the summary table. */
  public Map<String, String> summary() {
    return summary;
  }

  /** Runs every step. */
  public void run() throws Exception {
    counters();
    crash();
    telephone();
    events();
    failover();
    new RemoteStep(cluster, out, summary).run();
  }

  private void counters() {
    say("1. One counter, called through every node (the Raft leader of its shard serves it; each"
        + " increment is committed on a majority before the ack).");
    for (int i = 0; i < 3; i++) {
      expect(cluster.client(i).call("counter-7", "increment", CALL), "ack",
          "increment counter-7 via " + cluster.node(i).name());
      say("   n%d: increment counter-7 -> ack", i + 1);
    }
    List<String> owners = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      expect(cluster.client(i).call("counter-7", "read", CALL), "3", "read via n" + (i + 1));
      owners.add(cluster.client(i).whereIs("counter-7", CALL).text());
    }
    if (owners.stream().distinct().count() != 1) {
      throw new TourFailed("nodes disagree on the owner of counter-7: " + owners);
    }
    say("   read through n1, n2, n3 -> 3, 3, 3; every node says the owner is %s", owners.get(0));
    summary.put("counter-7 via 3 nodes", "3 (owner " + owners.get(0) + ")");
  }

  private void crash() {
    say("2. A deliberate crash: 'reset' of a counter at 0 throws; its supervisor restarts it.");
    NodeClient c = cluster.client(0);
    NodeClient.Result crashed = c.call("counter-crash", "reset", CALL);
    if (crashed.code() != Status.Code.ABORTED) {
      throw new TourFailed("reset at 0 should crash with ABORTED, got " + crashed);
    }
    long t0 = System.nanoTime();
    NodeClient.Result after = c.call("counter-crash", "increment", CALL);
    long took = System.nanoTime() - t0;
    expect(after, "ack", "the call after the crash");
    say("   reset -> ABORTED (%s)", crashed.text());
    say("   next call -> %s, %.2f ms after the crash reply (restart + round trip)", after.text(),
        took / 1e6);
    summary.put("crash -> next call ok", String.format("%.2f ms", took / 1e6));
  }

  private void telephone() {
    say("3. Telephone lines are gen_statem machines: alice calls bob.");
    NodeClient c = cluster.client(1);
    step(c, "line-alice", "off_hook");
    step(c, "line-alice", "dial line-bob");
    NodeClient.Result bob = awaitState(c, "line-bob", "ringing");
    say("   line-bob state -> %s", bob.text());
    step(c, "line-bob", "answer");
    NodeClient.Result talking = awaitState(c, "line-alice", "connected");
    say("   line-alice state -> %s", talking.text());
    step(c, "line-alice", "on_hook");
    NodeClient.Result left = awaitState(c, "line-bob", "off_hook");
    say("   alice hangs up; line-bob state -> %s (the other side hung up)", left.text());
    step(c, "line-bob", "on_hook");
    awaitState(c, "line-bob", "idle");
    awaitState(c, "line-alice", "idle");
    say("   both lines are idle again");
    summary.put("telephone call alice -> bob", "connected, then idle");
  }

  private void events() {
    say("4. The event manager 'events' (gen_event on a Disruptor ring) of n2 saw the call.");
    NodeClient.Result stats = cluster.client(1).call("events", "stats", CALL);
    if (!stats.ok()) {
      throw new TourFailed("events stats: " + stats);
    }
    say("   events stats -> %s", stats.text());
    summary.put("events", stats.text());
  }

  private void failover() throws Exception {
    NodeClient.Result ownerName = cluster.client(0).whereIs("counter-7", CALL);
    int victim = ProcessCluster.indexOf(ownerName.text());
    int survivor = (victim + 1) % 3;
    say("5. Failover: kill -9 of %s, the leader serving counter-7.", ownerName.text());
    cluster.node(victim).kill9();
    long t0 = System.nanoTime();
    cluster.await(Duration.ofSeconds(30)).pollEvery(Duration.ofMillis(1))
        .until("a survivor serving counter-7", () -> cluster.client(survivor)
            .call("counter-7", "read", Duration.ofSeconds(2)), NodeClient.Result::ok);
    long took = System.nanoTime() - t0;
    expect(cluster.client(survivor).call("counter-7", "read", CALL), "3",
        "counter-7 right after the failover (3 acknowledged increments)");
    expect(cluster.client(survivor).call("counter-7", "increment", CALL), "ack",
        "increment after the failover");
    String newOwner = cluster.client(survivor).whereIs("counter-7", CALL).text();
    expect(cluster.client(survivor).call("counter-7", "read", CALL), "4",
        "counter-7 after the failover (3 acknowledged increments + 1)");
    say("   first successful call through %s after %.0f ms; new leader %s; counter-7 reads 4:"
        + " the 3 acknowledged increments survived the kill", cluster.node(survivor).name(),
        took / 1e6, newOwner);
    summary.put("kill -9 -> first call ok", String.format("%.0f ms", took / 1e6));
    say("6. Rejoin: %s restarts with the same name and data directory.", ownerName.text());
    long t1 = System.nanoTime();
    cluster.start(victim);
    cluster.awaitReady(Duration.ofSeconds(60), List.of(victim));
    cluster.awaitMembers(3, Duration.ofSeconds(60), List.of(survivor));
    long back = System.nanoTime() - t1;
    String owner = cluster.client(victim).whereIs("counter-7", CALL).text();
    NodeClient.Result read = cluster.client(victim).call("counter-7", "read", CALL);
    expect(read, "4", "counter-7 through the rejoined node");
    say("   %s is back after %.1f s; members %s; counter-7 is owned by %s and reads %s",
        ownerName.text(), back / 1e9, cluster.client(survivor).members(CALL), owner, read.text());
    summary.put("rejoin -> ready", String.format("%.1f s", back / 1e9));
  }

  private NodeClient.Result awaitState(NodeClient c, String line, String state) {
    return Await.atMost(Duration.ofSeconds(10)).until(line + " in state " + state,
        () -> c.call(line, "state", CALL), r -> r.ok() && r.text().startsWith(state));
  }

  private void step(NodeClient c, String line, String input) {
    NodeClient.Result r = c.call(line, input, CALL);
    if (!r.ok()) {
      throw new TourFailed(line + " " + input + ": " + r);
    }
    say("   %s %s -> %s", line, input, r.text());
  }

  private static void expect(NodeClient.Result r, String want, String what) {
    if (!r.ok() || !r.text().equals(want)) {
      throw new TourFailed(what + ": expected " + want + ", got " + r);
    }
  }

  private void say(String format, Object... args) {
    out.println(String.format(format, args));
    out.flush();
  }
}
