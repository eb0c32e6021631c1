package io.switchboard.cluster.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.membership.HostPort;
import io.switchboard.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * N {@link ShardReplicas} in this JVM on 127.0.0.1 (free ports, one data dir each), every one
 * hosting the same shards: the real Ratis servers and gRPC transport, no mocks. Members are named
 * {@code n0 .. n(N-1)}; a stopped member can be started again from its data dir.
 */
final class RaftCluster implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(5);

  private final Path root;
  private final Shards shards;
  private final UnaryOperator<ShardConfig> tune;
  private final List<ShardPeer> peers = new ArrayList<>();
  private final List<ShardReplicas> nodes = new CopyOnWriteArrayList<>();
  final List<ShardEvent> events = new CopyOnWriteArrayList<>();
  /** When each event arrived ({@link System#nanoTime}), parallel to {@link #events}. */
  final List<Long> arrivals = new CopyOnWriteArrayList<>();

  RaftCluster(Path root, int size, Shards shards, UnaryOperator<ShardConfig> tune) {
    this.root = root;
    this.shards = shards;
    this.tune = tune;
    int base = FreePorts.clusterBase(size);
    for (int i = 0; i < size; i++) {
      peers.add(new ShardPeer("n" + i, new HostPort("127.0.0.1", base + i)));
      nodes.add(null);
    }
  }

  /** Starts every member and hosts {@code hosted} shards on all of them. */
  RaftCluster startAll(List<ShardId> hosted) {
    for (int i = 0; i < peers.size(); i++) {
      start(i);
    }
    List<CompletableFuture<Void>> adds = new ArrayList<>();
    for (ShardId shard : hosted) {
      for (ShardReplicas node : nodes) {
        adds.add(node.host(shard, peers));
      }
    }
    CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new))
        .orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    return this;
  }

  ShardConfig config(int i) {
    ShardPeer p = peers.get(i);
    return tune.apply(ShardConfig.of(p.member(), p.address(), root.resolve(p.member()), shards)
        .withElectionTimeout(Duration.ofMillis(300), Duration.ofMillis(600))
        .withCommitTimeout(Duration.ofSeconds(2)));
  }

  ShardReplicas start(int i) {
    try {
      ShardReplicas node = ShardReplicas.start(config(i), this::record);
      nodes.set(i, node);
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void record(ShardEvent event) {
    arrivals.add(System.nanoTime());
    events.add(event);
  }

  /** When the first event matching {@code which} arrived after {@code since}, if one did. */
  synchronized Optional<Long> arrivalOf(java.util.function.Predicate<ShardEvent> which,
      long since) {
    for (int k = 0; k < events.size(); k++) {
      if (arrivals.get(k) >= since && which.test(events.get(k))) {
        return Optional.of(arrivals.get(k));
      }
    }
    return Optional.empty();
  }

  void stop(int i) {
    ShardReplicas node = nodes.set(i, null);
    if (node != null) {
      try {
        node.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  ShardReplicas node(int i) {
    return nodes.get(i);
  }

  List<ShardPeer> peers() {
    return peers;
  }

  Path dataDir(int i) {
    return root.resolve(peers.get(i).member());
  }

  /** Waits until a running member leads {@code shard} (ready), and returns its index. */
  int awaitLeader(ShardId shard) {
    return awaitLeader(shard, WAIT);
  }

  /** The same, within {@code bound}. */
  int awaitLeader(ShardId shard, Duration bound) {
    int[] found = {-1};
    await(() -> {
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i) != null && nodes.get(i).isLeader(shard)) {
          found[0] = i;
          return true;
        }
      }
      return false;
    }, bound, "a leader of " + shard);
    return found[0];
  }

  /** Waits until member {@code i} has applied {@code name} at least at {@code version}. */
  void awaitApplied(int i, ShardId shard, String name, long version) {
    await(() -> nodes.get(i).readLocal(shard, name).map(s -> s.version() >= version)
        .orElse(false), WAIT, "n" + i + " applying " + name + " v" + version);
  }

  Optional<NameState> local(int i, ShardId shard, String name) {
    return nodes.get(i).readLocal(shard, name);
  }

  static void await(BooleanSupplier condition, Duration bound, String what) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        assertThat(false).as("timed out after " + bound + " waiting for " + what).isTrue();
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Closes every running member at once (Ratis takes about a second to close a server). */
  @Override
  public void close() {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      int member = i;
      closing.add(CompletableFuture.runAsync(() -> stop(member)));
    }
    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
        .orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }
}
