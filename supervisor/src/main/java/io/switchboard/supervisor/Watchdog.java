package io.switchboard.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports steps that run too long (default limit {@link #DEFAULT_LIMIT}, 1 s): a step that
 * blocks or loops holds its whole event loop, and every server on that loop waits.
 *
 * <p>The watchdog only <em>reports</em>: a Java thread cannot be pre-empted safely
 * ({@code Thread.stop} is gone, and interrupting a step that does not check for it does nothing),
 * so the stuck step keeps its loop until it returns. Each stall is logged once (warn,
 * {@code event=stall loop=… server=… running_ms=…}) and handed to the {@code onStall} callback.
 *
 * <p>A background daemon thread checks every {@code checkEvery} (real time); the step's duration
 * is measured on each loop's own clock, so a test with a {@code ManualClock} sees a stall once it
 * advances the clock past the limit. {@link #check()} runs one pass on the calling thread.
 * Thread-safe.
 */
public final class Watchdog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

  /** Steps longer than this are stalls by default. */
  public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(1);

  private final List<EventLoop> loops;
  private final long limitNanos;
  private final Consumer<Stall> onStall;
  private final long[] reportedStep;
  private final LongAdder stalls = new LongAdder();
  private final Thread thread;
  private volatile boolean closed;

  private Watchdog(
      List<EventLoop> loops, Duration limit, Duration checkEvery, Consumer<Stall> onStall) {
    this.loops = List.copyOf(loops);
    this.limitNanos = limit.toNanos();
    this.onStall = Objects.requireNonNull(onStall, "onStall");
    this.reportedStep = new long[this.loops.size()];
    long every = checkEvery.toNanos();
    this.thread = new Thread(() -> watch(every), "switchboard-watchdog");
    this.thread.setDaemon(true);
  }

  /**
   * Watches {@code loops}: a step longer than {@code limit} is a stall; checks every
   * {@code checkEvery} on a daemon thread and hands each stall to {@code onStall} (on that thread;
   * keep it quick).
   */
  public static Watchdog start(
      List<EventLoop> loops, Duration limit, Duration checkEvery, Consumer<Stall> onStall) {
    if (limit.isNegative() || limit.isZero() || checkEvery.isNegative() || checkEvery.isZero()) {
      throw new IllegalArgumentException("watchdog limit and check interval must be > 0");
    }
    Watchdog w = new Watchdog(loops, limit, checkEvery, onStall);
    w.thread.start();
    return w;
  }

  /** Watches {@code loops} with the default 1 s limit, checking every 250 ms; logs stalls. */
  public static Watchdog start(List<EventLoop> loops) {
    return start(loops, DEFAULT_LIMIT, Duration.ofMillis(250), s -> {});
  }

  /** One pass over the loops: the stalls not reported before. Any thread. */
  public synchronized List<Stall> check() {
    List<Stall> found = new ArrayList<>(0);
    for (int i = 0; i < loops.size(); i++) {
      EventLoop loop = loops.get(i);
      LoopStats st = loop.stats();
      long step = st.steps();
      long started = st.stepStartedAt();
      String server = st.currentServer();
      if (started == 0 || step != st.steps() || started != st.stepStartedAt()) {
        continue; // idle, or a new step began while we read: nothing stuck
      }
      long running = loop.clock().nanoTime() - started;
      if (running > limitNanos && reportedStep[i] != step) {
        reportedStep[i] = step;
        Stall stall = new Stall(loop.name(), server, Duration.ofNanos(running));
        stalls.increment();
        log.warn("event=stall loop={} server={} running_ms={} limit_ms={} note=\"a step cannot be "
            + "pre-empted; the loop waits for it\"", stall.loop(), stall.server(),
            stall.runningFor().toMillis(), limitNanos / 1_000_000);
        found.add(stall);
      }
    }
    for (Stall s : found) {
      try {
        onStall.accept(s);
      } catch (RuntimeException e) {
        log.warn("event=stall_callback_failed error=\"{}\"", e.toString());
      }
    }
    return found;
  }

  /** Stalls reported so far. */
  public long stalls() {
    return stalls.sum();
  }

  private void watch(long everyNanos) {
    while (!closed) {
      check();
      LockSupport.parkNanos(this, everyNanos);
    }
  }

  /** Stops the background thread (it exits within one check interval). */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }
}
