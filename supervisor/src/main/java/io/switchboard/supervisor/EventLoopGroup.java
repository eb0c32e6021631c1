package io.switchboard.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * N event loops (default: one per available processor); a server lives on the loop chosen by a
 * hash of its name, so every sender finds it without a registry. Thread-safe.
 */
public final class EventLoopGroup implements ServerHost, AutoCloseable {
  private final EventLoop[] loops;

  private EventLoopGroup(EventLoop[] loops) {
    this.loops = loops;
  }

  /** {@code n} loops named {@code prefix-0..n-1}, each configured by {@code configure}. */
  public static EventLoopGroup start(
      String prefix, int n, Function<EventLoop.Builder, EventLoop.Builder> configure) {
    if (n < 1 || n > 1024) {
      throw new IllegalArgumentException("loop count must be 1..1024, got " + n);
    }
    EventLoop[] loops = new EventLoop[n];
    for (int i = 0; i < n; i++) {
      loops[i] = configure.apply(EventLoop.builder(prefix + "-" + i)).start();
    }
    return new EventLoopGroup(loops);
  }

  /** One loop per available processor with default settings. */
  public static EventLoopGroup start(String prefix) {
    return start(prefix, Runtime.getRuntime().availableProcessors(), b -> b);
  }

  /** The loops, in index order. */
  public List<EventLoop> loops() {
    return List.of(loops);
  }

  @Override
  public EventLoop loopOf(String name) {
    int h = name.hashCode();
    h ^= (h >>> 16);
    return loops[Math.floorMod(h * 0x9E3779B1, loops.length)];
  }

  @Override
  public Promise<Void> startAsync(
      String name, GenServer<?, ?, ?> server, @Nullable ExitListener listener) {
    if (name == null || name.isEmpty()) {
      return Promise.completed(new Reply.InvalidInput<>("a server name must not be empty"));
    }
    return loopOf(name).startAsync(name, server, listener);
  }

  @Override
  public <O> Promise<O> callAsync(String name, Object input, Deadline deadline, Backpressure bp) {
    return loopOf(name).callAsync(name, input, deadline, bp);
  }

  @Override
  public Promise<byte[]> callBytesAsync(
      String name, byte[] payload, Deadline deadline, Backpressure bp) {
    return loopOf(name).callBytesAsync(name, payload, deadline, bp);
  }

  @Override
  public Promise<Stepped> callSteppedAsync(
      String name, byte[] payload, Deadline deadline, Backpressure bp) {
    return loopOf(name).callSteppedAsync(name, payload, deadline, bp);
  }

  // the Duration forms go to the loop's, which make no deadline object per call

  @Override
  public <O> Promise<O> callAsync(String name, Object input, Duration timeout, Backpressure bp) {
    return loopOf(name).callAsync(name, input, timeout, bp);
  }

  @Override
  public Promise<byte[]> callBytesAsync(
      String name, byte[] payload, Duration timeout, Backpressure bp) {
    return loopOf(name).callBytesAsync(name, payload, timeout, bp);
  }

  @Override
  public <O> Reply<O> call(String name, Object input, Duration timeout) {
    return loopOf(name).call(name, input, timeout);
  }

  @Override
  public Reply<Void> cast(String name, Object input) {
    return loopOf(name).cast(name, input);
  }

  @Override
  public Reply<Void> castBytes(String name, byte[] payload) {
    return loopOf(name).castBytes(name, payload);
  }

  @Override
  public Timer sendAfter(Duration delay, String name, Object input) {
    return loopOf(name).sendAfter(delay, name, input);
  }

  @Override
  public Promise<Void> stopAsync(String name, ExitReason reason) {
    return loopOf(name).stopAsync(name, reason);
  }

  @Override
  public Promise<byte[]> handOffAsync(String name, ExitReason reason) {
    return loopOf(name).handOffAsync(name, reason);
  }

  @Override
  public Promise<Void> killAsync(String name, ExitReason reason) {
    return loopOf(name).killAsync(name, reason);
  }

  @Override
  public Promise<Void> restartAsync(String name) {
    return loopOf(name).restartAsync(name);
  }

  @Override
  public void markRestarting(String name) {
    loopOf(name).markRestarting(name);
  }

  @Override
  public @Nullable ServerStatus status(String name) {
    return loopOf(name).status(name);
  }

  /** Servers on all loops. */
  public int serverCount() {
    int n = 0;
    for (EventLoop l : loops) {
      n += l.serverCount();
    }
    return n;
  }

  /**
   * Stops every loop (see {@link EventLoop#stop}): new work is refused at once, queued work is
   * finished or failed. Returns true if all exited within {@code timeout}. Blocks.
   */
  public boolean stop(Duration timeout) {
    Deadline deadline = Deadline.after(timeout);
    List<EventLoop> all = new ArrayList<>(List.of(loops));
    for (EventLoop l : all) {
      l.beginStop(); // all loops refuse new work at once, then each drains
    }
    boolean ok = true;
    for (EventLoop l : all) {
      ok &= l.stop(deadline.remaining());
    }
    return ok;
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}
