package io.switchboard.supervisor;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One child of a supervisor: what to start, when to restart it, how to stop it (OTP's child
 * spec). Immutable; change it with the {@code with…} methods.
 *
 * <p>Defaults (OTP's): restart {@link Restart#PERMANENT}; shutdown {@link Shutdown#WORKER_DEFAULT}
 * (5 s) for workers and {@link Shutdown#INFINITY} for supervisors; no {@link Backoff}; the
 * supervisor's host.
 *
 * <p>A worker's id is also the name it is registered under on its {@link ServerHost}, so it must
 * be unique on that host, not only within its supervisor (OTP: ids are per supervisor, names are
 * separate). A supervisor child's id names it in paths ({@code root/sub}).
 *
 * @param id the child's id (and server name for a worker)
 * @param type worker or supervisor
 * @param start for a worker, builds the server from the child's id: called for every fresh start
 *     (not for a restart in place, which re-runs {@code init} on the same server), or returns
 *     {@link #ignore()}; if it throws, that is a {@code start_error} (no {@code init} ran, so no
 *     crash report); {@code null} for a supervisor
 * @param supervisor for a supervisor child, its spec; {@code null} for a worker
 * @param restart when to restart it
 * @param shutdown how to stop it
 * @param backoff restart backoff, or {@code null} (the default) for immediate restarts
 * @param host where the worker runs, or {@code null} (the default) for its supervisor's host;
 *     lets a child live elsewhere (e.g. a remote host)
 */
public record ChildSpec(
    String id,
    ChildType type,
    @Nullable Function<? super String, ? extends GenServer<?, ?, ?>> start,
    @Nullable SupervisorSpec supervisor,
    Restart restart,
    Shutdown shutdown,
    @Nullable Backoff backoff,
    @Nullable ServerHost host) {

  public ChildSpec {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("a child id must not be empty");
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(restart, "restart");
    Objects.requireNonNull(shutdown, "shutdown");
    if (type == ChildType.WORKER && (start == null || supervisor != null)) {
      throw new IllegalArgumentException("worker '" + id + "' needs a start function and no "
          + "supervisor spec");
    }
    if (type == ChildType.SUPERVISOR && (supervisor == null || start != null || host != null)) {
      throw new IllegalArgumentException("supervisor child '" + id + "' needs a SupervisorSpec "
          + "and no start function or host (its children run on the tree's host)");
    }
  }

  /** A permanent worker whose server comes from {@code start} (called for every fresh start). */
  public static ChildSpec worker(String id, Supplier<? extends GenServer<?, ?, ?>> start) {
    Objects.requireNonNull(start, "start");
    return new ChildSpec(id, ChildType.WORKER, name -> start.get(), null, Restart.PERMANENT,
        Shutdown.WORKER_DEFAULT, null, null);
  }

  /**
   * A permanent worker template for {@link Strategy#SIMPLE_ONE_FOR_ONE}: each child is started
   * with an argument, its name, and {@code start} builds its server from that name.
   */
  public static ChildSpec template(
      String id, Function<? super String, ? extends GenServer<?, ?, ?>> start) {
    Objects.requireNonNull(start, "start");
    return new ChildSpec(id, ChildType.WORKER, start, null, Restart.PERMANENT,
        Shutdown.WORKER_DEFAULT, null, null);
  }

  /** A permanent supervisor child with shutdown {@code infinity}. */
  public static ChildSpec supervisor(String id, SupervisorSpec spec) {
    return new ChildSpec(id, ChildType.SUPERVISOR, null, Objects.requireNonNull(spec, "spec"),
        Restart.PERMANENT, Shutdown.INFINITY, null, null);
  }

  /**
   * What a start function returns to start nothing (OTP's {@code ignore}): the supervisor keeps
   * running and the child is not running — kept in {@link Supervisor#whichChildren()} as
   * {@link ChildStatus#STOPPED} (OTP's {@code undefined} pid), except a temporary or a dynamic
   * child, which is forgotten (as OTP does). It is not a failure: a supervisor's start goes on, a
   * {@code startChild} answers {@code Ok}, nothing is retried or reported. A start function runs
   * for fresh starts only, so a restart in place never gives {@code ignore}.
   *
   * <pre>{@code
   * ChildSpec.worker("cache", () -> cacheEnabled ? new Cache() : ChildSpec.ignore())
   * }</pre>
   */
  public static GenServer<?, ?, ?> ignore() {
    return Ignore.INSTANCE;
  }

  /** The {@link #ignore()} marker; a loop refuses to host it. */
  private static final class Ignore implements GenServer<Object, Object, Object> {
    static final Ignore INSTANCE = new Ignore();

    @Override
    public Object init() {
      throw new IllegalStateException("ChildSpec.ignore() is what a start function returns to "
          + "its supervisor; it is not a server to host");
    }

    @Override
    public Step<Object, Object> step(Object input, Object state) {
      throw new IllegalStateException("ChildSpec.ignore() is not a server");
    }

    @Override
    public String kind() {
      return "ignore";
    }
  }

  public ChildSpec withRestart(Restart restart) {
    return new ChildSpec(id, type, start, supervisor, restart, shutdown, backoff, host);
  }

  public ChildSpec withShutdown(Shutdown shutdown) {
    return new ChildSpec(id, type, start, supervisor, restart, shutdown, backoff, host);
  }

  /** Restart with backoff; {@code null} turns it off. */
  public ChildSpec withBackoff(@Nullable Backoff backoff) {
    return new ChildSpec(id, type, start, supervisor, restart, shutdown, backoff, host);
  }

  /** Run this worker on {@code host} instead of its supervisor's. */
  public ChildSpec withHost(ServerHost host) {
    return new ChildSpec(id, type, start, supervisor, restart, shutdown, backoff, host);
  }

  /** The same spec under another id (how a template becomes a dynamic child). */
  public ChildSpec withId(String id) {
    return new ChildSpec(id, type, start, supervisor, restart, shutdown, backoff, host);
  }

  @Override
  public String toString() {
    return "ChildSpec[" + id + " " + type.otpName() + " " + restart.otpName() + " shutdown="
        + shutdown + (backoff == null ? "" : " " + backoff) + "]";
  }
}
