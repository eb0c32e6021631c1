package io.switchboard.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.node.core.Topology;
import io.switchboard.supervisor.EventLoop;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The node's metrics, exported at {@code GET /metrics} under the names in DESIGN.md. Every
 * series that is known at start-up is registered then (at 0), so dashboards and alerts see it
 * before the first event: calls per server kind and outcome, restarts per supervisor, the
 * failover phases, the per-loop gauges and the cluster gauges.
 *
 * <p>Micrometer names map to Prometheus names by its naming convention: counter
 * {@code switchboard.calls} → {@code switchboard_calls_total}, timer
 * {@code switchboard.call.duration} → {@code switchboard_call_duration_seconds} (histogram),
 * timer {@code switchboard.failover} → {@code switchboard_failover_seconds} (histogram).
 *
 * <p>Thread-safe: the record methods are called from loop, gRPC and cluster threads; they never
 * block. Meters are cached per label set so the hot path does no registry lookup.
 */
public final class NodeMetrics implements AutoCloseable {
  /** The {@code phase} values of {@code switchboard_failover_seconds}. */
  public enum FailoverPhase {
    /** From the view without a lost member to a new leader of a shard it led. */
    ELECT,
    /** From that view to the first input served for such a shard's name. */
    FIRST_CALL;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Histogram buckets of the failover phases: failure detection takes seconds, not micros. */
  private static final Duration[] FAILOVER_BUCKETS = {Duration.ofMillis(10),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30),
      Duration.ofSeconds(60)};

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Map<String, Counter> calls = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Map<String, Counter> restarts = new ConcurrentHashMap<>();
  private final Map<FailoverPhase, Timer> failoverPhases = new ConcurrentHashMap<>();
  private final Counter failovers;
  private final Counter heartbeatsMissed;
  private final Counter duplicates;
  private final Counter activations;
  private final Timer commits;
  private final Map<Integer, java.util.concurrent.atomic.AtomicInteger> leading =
      new ConcurrentHashMap<>();
  private volatile List<EventLoop> boundLoops = List.of();

  /** A Prometheus registry with the JVM binders and the cluster-wide series. */
  public NodeMetrics() {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    failovers = Counter.builder("switchboard.failovers")
        .description("Members lost from this node's view (their shards elect new leaders)")
        .register(registry);
    heartbeatsMissed = Counter.builder("switchboard.heartbeats.missed")
        .description("Remote-supervision heartbeats not answered in time")
        .register(registry);
    duplicates = Counter.builder("switchboard.duplicate.requests")
        .description("Inputs answered from a request id's recorded reply, not stepped again")
        .register(registry);
    activations = Counter.builder("switchboard.activations")
        .description("Cluster-scoped servers started on this node (as their shard's leader)")
        .register(registry);
    commits = Timer.builder("switchboard.commit")
        .description("Time to commit a replicated state to its shard's log on a majority")
        .publishPercentileHistogram()
        .register(registry);
    for (FailoverPhase phase : FailoverPhase.values()) {
      failoverPhases.put(phase, Timer.builder("switchboard.failover")
          .description("Time of each failover phase: elect, first_call")
          .tag("phase", phase.label())
          .serviceLevelObjectives(FAILOVER_BUCKETS)
          .register(registry));
    }
  }

  /** Registers the per-loop gauges and the crash counter for {@code loops}. */
  public void bindLoops(List<EventLoop> loops) {
    // Micrometer holds the counter's state object weakly: keep the list (often a fresh copy)
    // reachable, or the first GC turns switchboard_crashes_total into nothing
    this.boundLoops = List.copyOf(loops);
    for (EventLoop loop : loops) {
      Gauge.builder("switchboard.inbox.size", loop, EventLoop::inboxSize)
          .description("Events queued in the loop's inbox")
          .tag("loop", loop.name())
          .register(registry);
      Gauge.builder("switchboard.servers", loop, EventLoop::serverCount)
          .description("Servers hosted by the loop")
          .tag("loop", loop.name())
          .register(registry);
    }
    FunctionCounter.builder("switchboard.crashes", boundLoops, ls -> {
          long n = 0;
          for (EventLoop l : ls) {
            n += l.stats().crashes();
          }
          return n;
        })
        .description("Servers that crashed in init or step")
        .register(registry);
  }

  /**
   * Registers {@code switchboard_cluster_members} and {@code switchboard_cluster_quorum}.
   * {@code topology} may return {@code null} while the node is starting (the gauges are NaN).
   */
  public void bindTopology(Supplier<@Nullable Topology> topology) {
    Gauge.builder("switchboard.cluster.members", topology, t -> {
          Topology now = t.get();
          return now == null ? Double.NaN : now.view().members().size();
        })
        .description("Members in this node's current view")
        .strongReference(true) // the supplier is a lambda: a weak reference would lose it
        .register(registry);
    Gauge.builder("switchboard.cluster.quorum", topology, t -> {
          Topology now = t.get();
          return now == null ? Double.NaN : now.view().quorum() ? 1 : 0;
        })
        .description("1 while this node's view holds a strict majority of --expected-size")
        .strongReference(true)
        .register(registry);
  }

  /** Registers the call series of {@code kinds} (every outcome) and of unknown names. */
  public void registerKinds(Collection<String> kinds) {
    for (String kind : kinds) {
      for (Outcome outcome : Outcome.values()) {
        callCounter(kind, outcome);
      }
      duration(kind);
    }
    for (Outcome outcome : Outcome.values()) {
      callCounter("unknown", outcome);
    }
    duration("unknown");
  }

  /** Registers the restart series of {@code supervisors}. */
  public void registerSupervisors(Collection<String> supervisors) {
    supervisors.forEach(this::restartCounter);
  }

  /** Records one finished call. */
  public void call(String kind, Outcome outcome, long nanos) {
    callCounter(kind, outcome).increment();
    duration(kind).record(Math.max(0, nanos), java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** Records one restart by the supervisor at {@code path}. */
  public void restart(String path) {
    restartCounter(path).increment();
  }

  /** Records one name failed over to this node. */
  public void failover() {
    failovers.increment();
  }

  /** Records the time one failover phase took. */
  public void failoverPhase(FailoverPhase phase, Duration took) {
    failoverPhases.get(phase).record(took);
  }

  /** Records one commit to a shard's log (any outcome). */
  public void commit(Duration took) {
    commits.record(took);
  }

  /** Counts one input answered from its request id's recorded reply. */
  public void duplicateRequest() {
    duplicates.increment();
  }

  /** Counts one cluster-scoped server started here. */
  public void activated() {
    activations.increment();
  }

  /** Sets {@code switchboard_shard_leader{shard}}: 1 while this node leads it, else 0. */
  public void shardLeader(int shard, boolean leads) {
    leading.computeIfAbsent(shard, s -> {
      java.util.concurrent.atomic.AtomicInteger v = new java.util.concurrent.atomic.AtomicInteger();
      io.micrometer.core.instrument.Gauge.builder("switchboard.shard.leader", v,
              java.util.concurrent.atomic.AtomicInteger::get)
          .description("1 while this node leads the shard's Raft group, else 0")
          .tag("shard", Integer.toString(s)).register(registry);
      return v;
    }).set(leads ? 1 : 0);
  }

  /** Records one missed heartbeat. */
  public void heartbeatMissed() {
    heartbeatsMissed.increment();
  }

  /** The Prometheus text exposition of every meter. Any thread. */
  public String scrape() {
    return registry.scrape();
  }

  /** The underlying registry, for extra meters (the cluster's, an application's). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }

  private Counter callCounter(String kind, Outcome outcome) {
    return calls.computeIfAbsent(kind + '\n' + outcome.label(), k ->
        Counter.builder("switchboard.calls")
            .description("Calls and casts by server kind and outcome")
            .tag("server_kind", kind)
            .tag("outcome", outcome.label())
            .register(registry));
  }

  private Timer duration(String kind) {
    return durations.computeIfAbsent(kind, k ->
        Timer.builder("switchboard.call.duration")
            .description("Time from receiving a call to its reply")
            .tag("server_kind", kind)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry));
  }

  private Counter restartCounter(String path) {
    return restarts.computeIfAbsent(path, p ->
        Counter.builder("switchboard.restarts")
            .description("Children restarted, by supervisor")
            .tag("supervisor", p)
            .register(registry));
  }
}
