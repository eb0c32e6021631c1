package io.switchboard.cluster.remote;

import io.switchboard.supervisor.Backpressure;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.EventLoop;
import io.switchboard.supervisor.ExitListener;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ReplyException;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.ServerStatus;
import io.switchboard.supervisor.Timer;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ServerHost} whose servers run on other nodes: give it to a child with
 * {@code ChildSpec.withHost} (or use {@link RemoteChild#worker}) and the supervisor starts,
 * calls, stops and restarts that child over gRPC, with the usual OTP semantics.
 *
 * <h2>How each operation maps</h2>
 *
 * <ul>
 *   <li>{@link #startAsync}: the server must be a {@link RemoteChild} (template + args); the node
 *       is chosen by the {@link RemotePlacement} and the child started there with
 *       {@code StartChild}. Completes once the remote {@code init} returned.
 *   <li>{@link #restartAsync}: a fresh start from the template, placed again (after
 *       {@code noconnection} on a survivor). There is no restart in place across nodes.
 *   <li>Exits: reported by the hosting node on the heartbeat stream and delivered to the
 *       {@link ExitListener} on this node's loop for the child's name. A lost link delivers
 *       {@code ExitReason.NoConnection(node)}.
 *   <li>{@link #callBytesAsync}, {@link #castBytes}: {@code ChildCall} to the hosting node.
 *       {@link #callAsync} and {@link #cast} take {@code byte[]} inputs only (objects cannot
 *       travel) and answer {@code byte[]}.
 *   <li>{@link #stopAsync}: {@code StopChild}; {@code killed} means no {@code terminate}. An
 *       unanswered stop is abandoned: the hosting node stops it on the next ping, or fences it.
 *   <li>{@link #status}: the last known state (running, exited, restarting), not a round trip.
 *   <li>{@link #loopOf}: this node's loop for the name (timers, backoff, exit delivery).
 *   <li>{@link #handOffAsync}: refused; a remote child's state does not move.
 * </ul>
 *
 * <p>Thread-safe; no method blocks except the blocking defaults of {@link ServerHost}.
 */
public final class RemoteHost implements ServerHost {
  private final Supervising engine;
  private final RemoteContext ctx;
  private final String supervisor;
  private final RemotePlacement placement;

  RemoteHost(Supervising engine, RemoteContext ctx, String supervisor, RemotePlacement placement) {
    this.engine = engine;
    this.ctx = ctx;
    this.supervisor = java.util.Objects.requireNonNull(supervisor, "supervisor");
    this.placement = java.util.Objects.requireNonNull(placement, "placement");
  }

  /** Where this host places its children. */
  public RemotePlacement placement() {
    return placement;
  }

  /** The node {@code name} runs on now, if it runs. */
  public Optional<String> nodeOf(String name) {
    return engine.nodeOf(name);
  }

  @Override
  public Promise<Void> startAsync(
      String name, GenServer<?, ?, ?> server, @Nullable ExitListener listener) {
    if (!(server instanceof RemoteChild child)) {
      return Promise.completed(new Reply.InvalidInput<>("'" + name + "' runs on a RemoteHost: "
          + "its start function must return RemoteChild.of(template, args), got "
          + (server == null ? "null" : server.getClass().getName())));
    }
    if (name == null || name.isEmpty() || name.length() > 1024) {
      return Promise.completed(new Reply.InvalidInput<>("a name is 1..1024 characters"));
    }
    return engine.start(name, child, supervisor, placement, listener);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <O> Promise<O> callAsync(String name, Object input, Deadline deadline, Backpressure bp) {
    if (!(input instanceof byte[] bytes)) {
      return Promise.completed(new Reply.InvalidInput<>("a remote child takes byte[] inputs "
          + "(encoded for its codec), got " + (input == null ? "null" : input.getClass())));
    }
    return (Promise<O>) (Promise<?>) callBytesAsync(name, bytes, deadline, bp);
  }

  /** {@inheritDoc} Decoding happens on the hosting node; {@code bp} is {@code FAIL} there. */
  @Override
  public Promise<byte[]> callBytesAsync(String name, byte[] payload, Deadline deadline,
      Backpressure bp) {
    return engine.call(name, payload, deadline.remaining(), false);
  }

  @Override
  public Reply<Void> cast(String name, Object input) {
    if (!(input instanceof byte[] bytes)) {
      return new Reply.InvalidInput<>("a remote child takes byte[] inputs (encoded for its "
          + "codec), got " + (input == null ? "null" : input.getClass()));
    }
    return castBytes(name, bytes);
  }

  /**
   * {@inheritDoc} {@code Ok} once sent (not once queued remotely): errors on the hosting node
   * (bad bytes, full inbox) are logged at debug, as for any lost cast.
   */
  @Override
  public Reply<Void> castBytes(String name, byte[] payload) {
    return engine.cast(name, payload);
  }

  /**
   * A timer on this node's loop that casts {@code input} when it fires.
   *
   * @throws ReplyException with {@code InvalidInput} when {@code input} is not a {@code byte[]}
   */
  @Override
  public Timer sendAfter(Duration delay, String name, Object input) {
    if (!(input instanceof byte[] bytes)) {
      throw new ReplyException(new Reply.InvalidInput<>("a remote child takes byte[] inputs"));
    }
    return loopOf(name).schedule(delay, () -> castBytes(name, bytes));
  }

  @Override
  public Promise<Void> stopAsync(String name, ExitReason reason) {
    return engine.stop(name, reason);
  }

  @Override
  public Promise<byte[]> handOffAsync(String name, ExitReason reason) {
    return Promise.completed(new Reply.InvalidInput<>("remote child '" + name
        + "' cannot hand off its state: stop it and start it again"));
  }

  @Override
  public Promise<Void> restartAsync(String name) {
    return engine.restart(name);
  }

  @Override
  public void markRestarting(String name) {
    engine.markRestarting(name);
  }

  @Override
  public @Nullable ServerStatus status(String name) {
    return engine.status(name);
  }

  @Override
  public EventLoop loopOf(String name) {
    return ctx.loops().loopOf(name);
  }

  @Override
  public String toString() {
    return "RemoteHost[" + supervisor + " " + placement + " from " + ctx.self() + "]";
  }
}
