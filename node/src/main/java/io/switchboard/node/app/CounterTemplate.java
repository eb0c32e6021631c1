package io.switchboard.node.app;

import io.switchboard.examples.Counter;
import io.switchboard.supervisor.Adopted;
import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.Durability;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorSpec;
import io.switchboard.supervisor.Template;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code counter-<anything>}: the seed's counter as a dynamic child of a
 * {@code simple_one_for_one} supervisor, persisted under {@code <data-dir>/counters/<name>}
 * (loaded by {@code init}, saved by {@code terminate}).
 *
 * <p>A crash ({@code reset} at 0) fails the crashing call with {@code Crashed}; the supervisor
 * re-runs {@code init} in place, which loads the value {@code terminate} just saved, so the next
 * call works. Thread-safe.
 *
 * <p>On a cluster node counters are {@link Durability#REPLICATED} (an increment is acknowledged
 * once the new value is committed on a majority of its shard's replicas, and a new leader starts
 * the counter from the committed value, not from its file); {@code
 * SWITCHBOARD_APP_COUNTER_DURABILITY=none} makes them {@link Durability#NONE} (the baseline the
 * benchmarks compare against: a failover restarts them from {@code init}).
 */
public final class CounterTemplate implements Template {
  /** The name prefix this template serves. */
  public static final String PREFIX = "counter-";
  /** The child id of the counters' supervisor under the application's root. */
  public static final String SUPERVISOR = "counters";
  /**
   * Restart intensity of the counters' supervisor: 100 in 5 s. Its children are independent (one
   * counter's crash says nothing about another), so OTP's 1 in 5 s would let two deliberate
   * crashes stop every counter; a crash loop across many counters still escalates.
   */
  public static final int INTENSITY = 100;

  private final Supervisor root;
  private final ServerHost host;
  private final Handed handed;
  private final Path dataDir;

  /**
   * A template starting counters under {@code root}'s child {@value #SUPERVISOR} on {@code host};
   * {@code handed} must be the one given to {@link #supervisorSpec}.
   */
  public CounterTemplate(Supervisor root, ServerHost host, Handed handed, Path dataDir) {
    this.root = root;
    this.host = host;
    this.handed = handed;
    this.dataDir = dataDir;
  }

  /**
   * States handed over from another node, waiting for their counter's start: the template's
   * factory takes a counter's state from here (once) instead of loading its file. Entries live
   * only between {@link #start(String, byte[])} and the end of that start. Thread-safe.
   */
  public static final class Handed {
    private final ConcurrentHashMap<String, byte[]> states = new ConcurrentHashMap<>();
  }

  /** The child spec of the counters' supervisor, to put under the application's root. */
  public static ChildSpec supervisorSpec(Path dataDir, Handed handed) {
    return ChildSpec.supervisor(SUPERVISOR, SupervisorSpec.simpleOneForOne(
            ChildSpec.template("counter", name -> Adopted.from(
                new Counter(CounterFiles.file(dataDir, name)), handed.states.remove(name))))
        .withIntensity(INTENSITY, Duration.ofSeconds(5)));
  }

  /** Picks the counters' durability: {@code replicated} (default) or {@code none}. */
  public static final String DURABILITY_ENV = "SWITCHBOARD_APP_COUNTER_DURABILITY";

  private static final Durability DURABILITY = durability(System.getenv(DURABILITY_ENV));

  static Durability durability(@Nullable String env) {
    if (env == null || env.isBlank()) {
      return Durability.REPLICATED;
    }
    try {
      return Durability.valueOf(env.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(DURABILITY_ENV + " must be 'replicated' or 'none', got '"
          + env + "'");
    }
  }

  @Override
  public String kind() {
    return "counter";
  }

  @Override
  public Durability durability() {
    return DURABILITY;
  }

  @Override
  public boolean matches(String name) {
    return name.startsWith(PREFIX) && name.length() > PREFIX.length();
  }

  @Override
  public java.util.Optional<io.switchboard.supervisor.GenServer<?, ?, ?>> newServer(String name) {
    return java.util.Optional.of(new Counter(CounterFiles.file(dataDir, name)));
  }

  @Override
  public Promise<Void> start(String name, byte @Nullable [] state) {
    if (state == null) {
      return start(name);
    }
    handed.states.put(name, state);
    Promise<Void> out = new Promise<>();
    start(name).onComplete(r -> {
      handed.states.remove(name, state);
      out.complete(r);
    });
    return out;
  }

  @Override
  public Promise<byte[]> release(String name, ExitReason reason) {
    Promise<byte[]> out = new Promise<>();
    host.handOffAsync(name, reason).onComplete(state ->
        root.childSupervisorAsync(SUPERVISOR).onComplete(sup -> {
          if (sup instanceof Reply.Ok<Supervisor> ok) {
            // the server is gone already: the supervisor only forgets the child
            ok.value().terminateChildAsync(name).onComplete(ignored -> out.complete(state));
          } else {
            out.complete(state);
          }
        }));
    return out;
  }

  @Override
  public Promise<Void> start(String name) {
    // looked up each time: after a restart of the counters' supervisor it is a new one
    return root.childSupervisorAsync(SUPERVISOR).flatMap(sup -> sup.ensureChildAsync(name));
  }
}
