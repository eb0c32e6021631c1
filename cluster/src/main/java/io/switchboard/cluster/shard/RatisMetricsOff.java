package io.switchboard.cluster.shard;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;
import org.apache.ratis.util.TimeDuration;

/**
 * Ratis' metrics, switched off: the implementation Ratis finds through {@code ServiceLoader}
 * ({@code META-INF/services/org.apache.ratis.metrics.MetricRegistries}).
 *
 * <p>Why: Ratis' metrics-api refuses to run without an implementation, its default one ({@code
 * ratis-metrics-default}) is not on the registries this project can reach, and it would cost a set
 * of Dropwizard timers per group (S groups per node). Switchboard measures what its contract names
 * ({@code switchboard_commit_seconds}, leaders per shard) itself. Counters still count, in case
 * Ratis ever reads one back; timers and gauges do nothing.
 *
 * <p>Thread-safe. Public only because {@code ServiceLoader} needs it.
 */
public final class RatisMetricsOff extends MetricRegistries {

  private final Map<MetricRegistryInfo, RatisMetricRegistry> registries = new ConcurrentHashMap<>();

  /** For {@code ServiceLoader}. */
  public RatisMetricsOff() {}

  @Override
  public void clear() {
    registries.clear();
  }

  @Override
  public RatisMetricRegistry create(MetricRegistryInfo info) {
    return registries.computeIfAbsent(info, Registry::new);
  }

  @Override
  public boolean remove(MetricRegistryInfo key) {
    return registries.remove(key) != null;
  }

  @Override
  public Optional<RatisMetricRegistry> get(MetricRegistryInfo info) {
    return Optional.ofNullable(registries.get(info));
  }

  @Override
  public Set<MetricRegistryInfo> getMetricRegistryInfos() {
    return Set.copyOf(registries.keySet());
  }

  @Override
  public Collection<RatisMetricRegistry> getMetricRegistries() {
    return List.copyOf(registries.values());
  }

  @Override
  public void addReporterRegistration(
      Consumer<RatisMetricRegistry> reporterRegistration,
      Consumer<RatisMetricRegistry> stopReporter) {}

  @Override
  public void enableJmxReporter() {}

  @Override
  public void enableConsoleReporter(TimeDuration consoleReportRate) {}

  private static final class Registry implements RatisMetricRegistry {
    private static final Timekeeper.Context STOPPED = () -> 0L;
    private static final Timekeeper NO_TIMER = () -> STOPPED;

    private final MetricRegistryInfo info;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    Registry(MetricRegistryInfo info) {
      this.info = info;
    }

    @Override
    public Timekeeper timer(String name) {
      return NO_TIMER;
    }

    @Override
    public LongCounter counter(String name) {
      return counters.computeIfAbsent(name, n -> new Counter());
    }

    @Override
    public boolean remove(String name) {
      return counters.remove(name) != null;
    }

    @Override
    public <T> void gauge(String name, Supplier<Supplier<T>> gaugeSupplier) {}

    @Override
    public MetricRegistryInfo getMetricRegistryInfo() {
      return info;
    }
  }

  private static final class Counter implements LongCounter {
    private final LongAdder sum = new LongAdder();

    @Override
    public void inc(long n) {
      sum.add(n);
    }

    @Override
    public void dec(long n) {
      sum.add(-n);
    }

    @Override
    public long getCount() {
      return sum.sum();
    }
  }
}
