package io.switchboard.node.app;

import io.switchboard.examples.Counter;
import io.switchboard.supervisor.Durability;
import io.switchboard.supervisor.PrefixTemplate;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code counter-<anything>}: the seed's counter as a dynamic child of the
 * {@code simple_one_for_one} supervisor {@value #SUPERVISOR} ({@link PrefixTemplate}), persisted
 * under {@code <data-dir>/counters/<name>} (loaded by {@code init}, saved by {@code terminate}).
 *
 * <p>A crash ({@code reset} at 0) fails the crashing call with {@code Crashed}; the supervisor
 * re-runs {@code init} in place, which loads the value {@code terminate} just saved, so the next
 * call works. Its intensity is 100 in 5 s: one counter's crash says nothing about another, so
 * OTP's 1 in 5 s would let two deliberate crashes stop every counter; a crash loop across many
 * counters still escalates.
 *
 * <p>On a cluster node counters are {@link Durability#REPLICATED} (an increment is acknowledged
 * once the new value is committed on a majority of its shard's replicas, and a new leader starts
 * the counter from the committed value, not from its file); {@code
 * SWITCHBOARD_APP_COUNTER_DURABILITY=none} makes them {@link Durability#NONE} (the baseline the
 * benchmarks compare against: a failover restarts them from {@code init}).
 */
public final class CounterTemplate {
  /** The name prefix this template serves. */
  public static final String PREFIX = "counter-";
  /** The child id of the counters' supervisor under the application's root. */
  public static final String SUPERVISOR = "counters";
  /** Picks the counters' durability: {@code replicated} (default) or {@code none}. */
  public static final String DURABILITY_ENV = "SWITCHBOARD_APP_COUNTER_DURABILITY";
  /** The application setting that {@link #DURABILITY_ENV} becomes. */
  static final String DURABILITY_SETTING = "counter-durability";

  private CounterTemplate() {}

  /** The counters' template spec: files under {@code dataDir}, durability from the setting. */
  public static PrefixTemplate.Spec spec(Path dataDir, @Nullable String durability) {
    return PrefixTemplate.spec("counter", PREFIX, SUPERVISOR,
            name -> new Counter(CounterFiles.file(dataDir, name)))
        .durability(durability(durability));
  }

  static Durability durability(@Nullable String setting) {
    if (setting == null || setting.isBlank()) {
      return Durability.REPLICATED;
    }
    try {
      return Durability.valueOf(setting.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the setting " + DURABILITY_SETTING + " ("
          + DURABILITY_ENV + ") must be 'replicated' or 'none', got '" + setting + "'");
    }
  }
}
