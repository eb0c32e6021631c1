package io.switchboard.supervisor;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where servers live and how to talk to them by name: one {@link EventLoop} or a whole
 * {@link EventLoopGroup}. Every method is thread-safe and may be called from any thread,
 * including a loop thread (then the blocking forms must not be used: they would wait on
 * themselves; use the {@code ...Async} forms).
 *
 * <p>Call deadlines are {@link Deadline}s, normally on the real monotonic clock because a blocked
 * caller must wake up in real time; timers ({@link #sendAfter}) use the loop's injected
 * {@code Clock}. The {@link Duration} forms are shorthands for a deadline {@code timeout} from
 * now.
 */
public interface ServerHost {

  /** OTP's default call timeout: the same value as {@link Deadline#DEFAULT_TIMEOUT}. */
  Duration DEFAULT_TIMEOUT = Deadline.DEFAULT_TIMEOUT;

  /**
   * Registers {@code server} under {@code name} and runs its {@code init} on the loop. The
   * promise completes with {@code Ok} once {@code init} returned, {@link Reply.Crashed} if it
   * threw (the server is then removed), {@link Reply.AlreadyStarted} if the name is taken (by a
   * server in any status), {@link Reply.InvalidInput} if it is empty or too long. Inputs sent
   * after {@code startAsync} returns are stepped after {@code init}.
   *
   * @param listener told when the server exits on its own (its supervisor), or {@code null}:
   *     an unsupervised server that crashes is logged and removed
   */
  Promise<Void> startAsync(
      String name, GenServer<?, ?, ?> server, @Nullable ExitListener listener);

  /** {@link #startAsync} and wait up to {@link #DEFAULT_TIMEOUT}. Blocks. */
  default Reply<Void> start(String name, GenServer<?, ?, ?> server) {
    return startAsync(name, server, null)
        .await(Deadline.after(DEFAULT_TIMEOUT), IdleStrategy.DEFAULT);
  }

  /**
   * Sends {@code input} and completes with the server's output or an error. Never blocks. A call
   * still queued when {@code deadline} passes is not stepped: it completes with
   * {@link Reply.Timeout}. With {@link Backpressure#WAIT} a full inbox is waited on until the
   * deadline.
   */
  <O> Promise<O> callAsync(String name, Object input, Deadline deadline, Backpressure bp);

  /** {@link #callAsync(String, Object, Deadline, Backpressure)} {@code timeout} from now. */
  default <O> Promise<O> callAsync(String name, Object input, Duration timeout, Backpressure bp) {
    return callAsync(name, input, Deadline.after(timeout), bp);
  }

  /**
   * Calls and waits for the reply or the deadline; on the deadline the reply is
   * {@link Reply.Timeout}. Blocks the calling thread.
   */
  default <O> Reply<O> call(String name, Object input, Deadline deadline) {
    // the caller waits the way the loop is configured to (spin/yield/park)
    return this.<O>callAsync(name, input, deadline, Backpressure.FAIL)
        .await(deadline, loopOf(name).idleStrategy());
  }

  /** Calls and waits for the reply or {@code timeout}. Blocks the calling thread. */
  default <O> Reply<O> call(String name, Object input, Duration timeout) {
    return call(name, input, Deadline.after(timeout));
  }

  /** {@link #call} with OTP's default 5 s timeout. */
  default <O> Reply<O> call(String name, Object input) {
    return call(name, input, DEFAULT_TIMEOUT);
  }

  /**
   * Decodes {@code payload} with the server's codec on the calling thread (bad bytes complete
   * with {@link Reply.InvalidInput}), calls, and encodes the output on the loop. Never blocks.
   */
  Promise<byte[]> callBytesAsync(String name, byte[] payload, Deadline deadline, Backpressure bp);

  /** {@link #callBytesAsync(String, byte[], Deadline, Backpressure)} {@code timeout} from now. */
  default Promise<byte[]> callBytesAsync(
      String name, byte[] payload, Duration timeout, Backpressure bp) {
    return callBytesAsync(name, payload, Deadline.after(timeout), bp);
  }

  /**
   * {@link #callBytesAsync}, completing with the output and the server's state right after the
   * step, both encoded ({@link Stepped}): what a replicated template commits before it answers.
   * {@code Unavailable} when the server has no {@link StateCodec} or this host cannot do it.
   */
  default Promise<Stepped> callSteppedAsync(
      String name, byte[] payload, Deadline deadline, Backpressure bp) {
    return Promise.completed(new Reply.Unavailable<>(
        getClass().getSimpleName() + " cannot record the state of '" + name + "'"));
  }

  /** Queues {@code input} without waiting for a reply: {@code Ok} once queued. Never blocks. */
  Reply<Void> cast(String name, Object input);

  /** Decodes on the calling thread, then {@link #cast}. Never blocks. */
  Reply<Void> castBytes(String name, byte[] payload);

  /**
   * Steps {@code input} on {@code name} after {@code delay} on the loop's clock. A timer is an
   * event the loop sends itself; a step never runs on a timer thread. Timers are bounded per
   * loop: when full this throws {@link ReplyException} with {@link Reply.Overloaded}.
   */
  Timer sendAfter(Duration delay, String name, Object input);

  /**
   * Runs {@code terminate(reason)} and removes the server. Exit listeners are not told (how a
   * supervisor stops its child); to make a server exit so that its supervisor sees it, use
   * {@link #killAsync}.
   */
  Promise<Void> stopAsync(String name, ExitReason reason);

  /**
   * Sends {@code name} an exit signal, as OTP's {@code exit(Pid, Reason)}: with
   * {@link ExitReason#KILLED} (OTP {@code kill}) the server exits brutally, without
   * {@code terminate}; with any other reason it runs {@code terminate(reason)} first. Then it
   * exits with that reason exactly as if its step had stopped it: its {@link ExitListener} (its
   * supervisor) is told and applies its strategy, so {@code whichChildren} and the tree show the
   * exit; an unsupervised server is removed. Nothing is reported as a crash: the server's code
   * did not fail. Never blocks.
   *
   * <p>Differs from OTP: a server here behaves as one that traps exits, so {@code terminate}
   * runs for every reason but {@code killed}, and {@code normal} stops it (OTP ignores
   * {@code exit(Pid, normal)} from another process).
   *
   * <p>Completes with {@code Ok} once the server exited, {@link Reply.NotFound} if there is no
   * such server, {@link Reply.Unavailable} if it is not running (starting, or exited and held for
   * its supervisor). The default, for hosts that cannot kill (a remote host), answers
   * {@code Unavailable}.
   */
  default Promise<Void> killAsync(String name, ExitReason reason) {
    return Promise.completed(new Reply.Unavailable<>(
        "this host cannot send exit signals (kill '" + name + "')"));
  }

  /** {@link #killAsync} and wait up to {@link #DEFAULT_TIMEOUT}. Blocks; not on a loop thread. */
  default Reply<Void> kill(String name, ExitReason reason) {
    return killAsync(name, reason).await(Deadline.after(DEFAULT_TIMEOUT), IdleStrategy.DEFAULT);
  }

  /**
   * Stops {@code name} to move it elsewhere: encodes its state with its
   * {@link GenServer#stateCodec()} (the promise completes with {@code Ok(null)} when it has
   * none), then runs {@code terminate(reason)} and removes it. Exit listeners are not told.
   */
  Promise<byte[]> handOffAsync(String name, ExitReason reason);

  /**
   * Re-runs {@code init} of a server that exited and is held for its supervisor (status
   * {@link ServerStatus#EXITED} or {@link ServerStatus#RESTARTING}). On the loop's own thread it
   * runs inline and the promise is already complete when this returns.
   */
  Promise<Void> restartAsync(String name);

  /**
   * Marks a held server as waiting out a restart backoff: calls get
   * {@code Unavailable("restarting")} until {@link #restartAsync}.
   */
  void markRestarting(String name);

  /** The server's status, or {@code null} if no server has this name. Any thread. */
  @Nullable ServerStatus status(String name);

  /** The loop that hosts (or would host) {@code name}. */
  EventLoop loopOf(String name);

  /**
   * {@link Deadline#after(Duration)} as {@link System#nanoTime()} nanos (bounded the same way),
   * for callers that keep a deadline as a {@code long}. Prefer {@link Deadline}.
   */
  static long deadline(Duration timeout) {
    return Deadline.systemNanosAfter(timeout);
  }
}
