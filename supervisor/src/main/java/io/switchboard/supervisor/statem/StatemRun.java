package io.switchboard.supervisor.statem;

import io.switchboard.supervisor.From;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Drives one {@link GenStatem} purely on the calling thread with a virtual clock: the state
 * machine's {@code Run}. Events are handled at once; time moves only in {@link #advance}, which
 * fires due timeouts in deadline order (FIFO among equal deadlines), each as its own step.
 * {@link Action#send}s go to an {@link Outbox} (by default they are recorded, see
 * {@link #takeSent}), so several runners can be wired into a deterministic simulation.
 *
 * <p>A throw is a crash: the runner runs {@code terminate}, remembers the reason ({@link #exit})
 * and refuses further events with {@link Reply.Unavailable}. Not thread-safe.
 */
public final class StatemRun<S, D, E, O> implements TimerPort {
  /** Bounds the timeouts one {@link #advance} may fire (a zero-delay timeout loop). */
  public static final int MAX_FIRED_PER_ADVANCE = 1_000_000;

  /** A message the machine sent with {@link Action#send}. */
  public record Sent(String to, Object message) {}

  private static final class VirtualTimer implements Comparable<VirtualTimer> {
    final long due;
    final long seq;
    final Machine<?, ?, ?, ?> owner;
    final EventType key;
    final long token;
    final Object content;
    boolean cancelled;

    VirtualTimer(long due, long seq, Machine<?, ?, ?, ?> owner, EventType key, long token,
        Object content) {
      this.due = due;
      this.seq = seq;
      this.owner = owner;
      this.key = key;
      this.token = token;
      this.content = content;
    }

    @Override
    public int compareTo(VirtualTimer o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final GenStatem<S, D, E, O> statem;
  private final Machine<S, D, E, O> machine;
  private final PriorityQueue<VirtualTimer> timers = new PriorityQueue<>();
  private final List<Sent> sent = new ArrayList<>();
  private long now;
  private long timerSeq;
  private ExitReason exit;

  private StatemRun(GenStatem<S, D, E, O> statem, Outbox outbox) {
    this.statem = statem;
    Outbox out = outbox != null ? outbox : (to, message) -> {
      sent.add(new Sent(to, message));
      return Reply.ok(null);
    };
    this.machine = new Machine<>(statem, this, out, Machine.DEFAULT_LIMITS);
  }

  /** Runs {@code init} (and the first enter call); sends are recorded for {@link #takeSent}. */
  public static <S, D, E, O> StatemRun<S, D, E, O> start(GenStatem<S, D, E, O> statem) {
    return start(statem, null);
  }

  /** Runs {@code init}; sends go to {@code outbox}. */
  public static <S, D, E, O> StatemRun<S, D, E, O> start(
      GenStatem<S, D, E, O> statem, Outbox outbox) {
    StatemRun<S, D, E, O> run = new StatemRun<>(statem, outbox);
    run.guard(run.machine::start);
    return run;
  }

  /**
   * Handles {@code event} as a call. {@code Ok} with the reply made in this step; {@link
   * Reply.Timeout} if the machine postponed it or will reply later (use {@link #callAsync});
   * {@link Reply.Crashed} if the step threw; {@link Reply.Unavailable} once stopped.
   */
  public Reply<O> call(E event) {
    Promise<O> p = callAsync(event);
    Reply<O> r = p.peek();
    return r != null ? r : new Reply.Timeout<>("no reply in this step (deferred or postponed)");
  }

  /** Handles {@code event} as a call; the promise completes whenever the machine replies. */
  public Promise<O> callAsync(E event) {
    Promise<Object> p = new Promise<>();
    if (exit != null) {
      p.complete(stoppedReply());
    } else {
      Throwable crash = guard(() -> machine.handle(new EventType.Call(From.of(p)), event));
      if (crash != null) {
        p.complete(new Reply.Crashed<>(statem.kind(), String.valueOf(crash)));
      }
    }
    @SuppressWarnings("unchecked")
    Promise<O> typed = (Promise<O>) (Promise<?>) p;
    return typed;
  }

  /** Handles {@code event} as a cast: {@code Ok}, or an error as for {@link #call}. */
  public Reply<Void> cast(E event) {
    if (exit != null) {
      return stoppedReply();
    }
    Throwable crash = guard(() -> machine.handle(EventType.CAST, event));
    return crash == null ? Reply.ok(null) : new Reply.Crashed<>(statem.kind(), crash.toString());
  }

  /** Handles {@code event} as an {@link EventType.Internal} event (as a next-event would be). */
  public Reply<Void> internal(E event) {
    if (exit != null) {
      return stoppedReply();
    }
    Throwable crash = guard(() -> machine.handle(EventType.INTERNAL, event));
    return crash == null ? Reply.ok(null) : new Reply.Crashed<>(statem.kind(), crash.toString());
  }

  /** Moves the virtual clock forward, firing every timeout that falls due, in order. */
  public StatemRun<S, D, E, O> advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: " + by);
    }
    long until = now + by.toNanos();
    int fired = 0;
    VirtualTimer t;
    while (exit == null && (t = timers.peek()) != null && t.due - until <= 0) {
      timers.poll();
      if (t.cancelled || t.owner != machine) {
        continue;
      }
      if (++fired > MAX_FIRED_PER_ADVANCE) {
        throw new IllegalStateException("more than " + MAX_FIRED_PER_ADVANCE
            + " timeouts in one advance: a zero-delay timeout loop?");
      }
      now = Math.max(now, t.due);
      VirtualTimer due = t;
      guard(() -> machine.fire(due.key, due.token, due.content));
    }
    now = Math.max(now, until);
    return this;
  }

  /** The time left before the given timeout fires, if it is armed. */
  public Optional<Duration> timeLeft(EventType timeout) {
    Object h = machine.armed(timeout);
    return h == null ? Optional.empty() : Optional.of(Duration.ofNanos(((VirtualTimer) h).due - now));
  }

  /** Returns and forgets what the machine sent since the last call (default outbox only). */
  public List<Sent> takeSent() {
    List<Sent> out = List.copyOf(sent);
    sent.clear();
    return out;
  }

  public S state() {
    return machine.state();
  }

  public D data() {
    return machine.data();
  }

  /** Virtual nanoseconds since start. */
  public long nanos() {
    return now;
  }

  /** Why the machine stopped or crashed; empty while it runs. */
  public Optional<ExitReason> exit() {
    return Optional.ofNullable(exit);
  }

  // ---------------------------------------------------------------- internals

  private interface Body {
    void run() throws Exception;
  }

  /** Runs one step; a throw becomes a crash. Returns the throwable, or null. */
  private Throwable guard(Body body) {
    Throwable crash = null;
    try {
      body.run();
    } catch (Exception | Error e) {
      crash = e;
    }
    ExitReason reason = crash != null ? ExitReason.crash(crash) : machine.stopped();
    if (reason != null && exit == null) {
      exit = reason;
      try {
        machine.terminate(reason);
      } catch (Exception | Error ignored) {
        // as on a loop: a failing terminate is reported by the host, never propagated
      }
    }
    return crash;
  }

  private <T> Reply<T> stoppedReply() {
    return new Reply.Unavailable<>("state machine stopped: " + exit);
  }

  @Override
  public Object arm(Machine<?, ?, ?, ?> owner, EventType key, long token, Duration after,
      Object content) {
    VirtualTimer t = new VirtualTimer(now + after.toNanos(), timerSeq++, owner, key, token,
        content);
    timers.add(t);
    return t;
  }

  @Override
  public void cancel(Object handle) {
    ((VirtualTimer) handle).cancelled = true;
  }
}
