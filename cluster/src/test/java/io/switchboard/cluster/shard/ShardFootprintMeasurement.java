package io.switchboard.cluster.shard;

import static io.switchboard.cluster.shard.Entries.put;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A measurement, not a regular test (it takes tens of seconds): 64 shards × 3 replicas on 3 Ratis
 * servers in this JVM; threads, heap and direct memory per group; commit latency on loopback; the
 * time to re-elect every shard after one server closes. Run with {@code -Dshard.footprint=true};
 * the numbers go to the log and into the package documentation. Not named *Test, so the
 * regular build skips it: {@code -Dtest=ShardFootprintMeasurement -DargLine=-Dshard.footprint=true}.
 */
@EnabledIfSystemProperty(named = "shard.footprint", matches = "true")
class ShardFootprintMeasurement {

  private static final Logger LOG = LoggerFactory.getLogger(ShardFootprintMeasurement.class);
  private static final int SHARDS = 64;

  @TempDir Path dir;

  @Test
  @Timeout(value = 400, unit = TimeUnit.SECONDS)
  void sixtyFourShardsOnThreeServers_footprintLatencyFailover() {
    Shards layout = new Shards(SHARDS, 3);
    long threads0 = threads();
    long heap0 = heapAfterGc();
    long direct0 = direct();
    try (RaftCluster c = new RaftCluster(dir, 3, layout, cfg -> cfg)) {
      for (int i = 0; i < 3; i++) {
        c.start(i);
      }
      long threads1 = threads();
      long heap1 = heapAfterGc();
      ShardId s0 = new ShardId(0);
      hostAll(c, List.of(s0));
      c.awaitLeader(s0);
      LOG.info("commit latency, one group on 3 servers: {}", latency(c, s0, 1000));
      long t0 = System.nanoTime();
      hostAll(c, layout.all());
      long hostMs = ms(t0);
      awaitAllLed(c, layout);
      long electMs = ms(t0);
      LOG.info("footprint: groups added on every server after {} ms; every shard led (all at"
          + " once) after {} ms; threads by kind: {}", hostMs, electMs, threadKinds());
      long threads2 = threads();
      long heap2 = heapAfterGc();
      long direct2 = direct();
      int divisions = SHARDS * 3;
      LOG.info("footprint: 3 servers, no groups: +{} threads, +{} KiB heap",
          threads1 - threads0, (heap1 - heap0) / 1024);
      LOG.info("footprint: {} groups ({} divisions) elected in {} ms: +{} threads ({} per"
          + " division), +{} KiB heap ({} KiB per division), +{} KiB direct ({} KiB per division)",
          SHARDS, divisions, electMs, threads2 - threads1,
          (threads2 - threads1) / (double) divisions,
          (heap2 - heap1) / 1024, (heap2 - heap1) / 1024 / divisions, (direct2 - direct0) / 1024,
          (direct2 - direct0) / 1024 / divisions);

      awaitAllLed(c, layout);
      LOG.info("commit latency, 64 groups on 3 servers: {}", latency(c, s0, 1000));

      awaitAllLed(c, layout);
      long b0 = System.nanoTime();
      List<CompletableFuture<ShardReply<Committed>>> batch = new ArrayList<>();
      int n = 10_000;
      for (int k = 0; k < n; k++) {
        ShardId s = new ShardId(k % SHARDS);
        int l = c.awaitLeader(s);
        batch.add(c.node(l).commit(s, put("b" + k, "v", null)));
      }
      java.util.Map<String, Long> outcomes = new java.util.TreeMap<>();
      batch.forEach(f -> outcomes.merge(f.join().getClass().getSimpleName(), 1L, Long::sum));
      long batchMs = ms(b0);
      LOG.info("{} commits spread over {} shards, pipelined: {} ms ({} commits/s), outcomes {};"
          + " threads now {}", n, SHARDS, batchMs, n * 1000L / Math.max(1, batchMs), outcomes,
          threads());

      awaitAllLed(c, layout);
      int victim = c.awaitLeader(s0);
      List<ShardId> led = layout.all().stream().filter(s -> c.node(victim).isLeader(s)).toList();
      long f0 = System.nanoTime();
      c.stop(victim);
      long stopMs = ms(f0);
      awaitAllLed(c, layout);
      long[] readyMs = led.stream().mapToLong(s -> (c.arrivalOf(e -> e instanceof
          ShardEvent.LeadingReady r && r.shard().equals(s), f0).orElseThrow() - f0) / 1_000_000)
          .sorted().toArray();
      LOG.info("failover: n{} led {} shards and took {} ms to close; from the start of the close"
          + " their new leaders were ready after {} ms (first) .. {} ms (median) .. {} ms (last)",
          victim, led.size(), stopMs, readyMs[0], readyMs[readyMs.length / 2],
          readyMs[readyMs.length - 1]);
    }
  }

  /** p50/p99/max of {@code count} commits, one at a time, to {@code shard}'s leader. */
  private static String latency(RaftCluster c, ShardId shard, int count) {
    long[] latencies = new long[count];
    for (int k = 0; k < count; k++) {
      int leader = c.awaitLeader(shard);
      long start = System.nanoTime();
      ShardReply<Committed> r =
          c.node(leader).commit(shard, put("k" + (k % 100), "v" + k, "r" + k)).join();
      latencies[k] = System.nanoTime() - start;
      if (!(r instanceof ShardReply.Ok)) {
        LOG.warn("commit {} answered {}", k, r);
      }
    }
    Arrays.sort(latencies);
    return String.format("p50 %d µs, p99 %d µs, max %d µs", latencies[count / 2] / 1000,
        latencies[count * 99 / 100] / 1000, latencies[count - 1] / 1000);
  }

  /** Waits until every shard has a ready leader at the same moment. */
  private static void awaitAllLed(RaftCluster c, Shards layout) {
    RaftCluster.await(() -> layout.all().stream().allMatch(s -> {
      for (int i = 0; i < 3; i++) {
        if (c.node(i) != null && c.node(i).isLeader(s)) {
          return true;
        }
      }
      return false;
    }), java.time.Duration.ofSeconds(120), "a ready leader for every shard");
  }

  private static String threadKinds() {
    java.util.Map<String, Long> kinds = new java.util.TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String kind = t.getName().replaceAll("group-[0-9A-F]+", "G").replaceAll("\\d+", "#");
      kinds.merge(kind, 1L, Long::sum);
    }
    return kinds.toString();
  }

  private static void hostAll(RaftCluster c, List<ShardId> shards) {
    List<CompletableFuture<Void>> adds = new ArrayList<>();
    for (ShardId shard : shards) {
      for (int i = 0; i < 3; i++) {
        adds.add(c.node(i).host(shard, c.peers()));
      }
    }
    CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS)
        .join();
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static long threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long direct() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed)
        .sum();
  }
}
