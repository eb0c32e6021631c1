package io.switchboard.supervisor.internal;

import java.time.Duration;
import java.util.Arrays;

/**
 * The restart-intensity window of one supervisor, as an immutable value (OTP's
 * {@code add_restart}): "more than {@code intensity} restarts within {@code period}" makes the
 * supervisor give up.
 *
 * <p>{@link #record} adds a restart at {@code now} and forgets restarts older than the period; a
 * restart exactly {@code period} ago still counts (OTP keeps {@code R >= Now - Period}). Time is
 * nanoseconds on the supervisor's clock (OTP: whole seconds). The value keeps at most
 * {@code intensity + 1} timestamps; {@link #record} costs amortised O(1) plus the expired
 * stamps it drops.
 */
final class RestartWindow {
  private final int intensity;
  private final long periodNanos;
  /**
   * The stamps are {@code buffer.data[start..end)}, ascending. Versions share one append-only
   * buffer: the newest version appends in place (amortised O(1), no copy per restart even with a
   * large intensity); an older version that records again gets a copy, so every value stays
   * immutable as seen from outside.
   */
  private final Buffer buffer;
  private final int start;
  private final int end;

  private static final class Buffer {
    final long[] data;
    int size;

    Buffer(int capacity) {
      this.data = new long[capacity];
    }
  }

  private RestartWindow(int intensity, long periodNanos, Buffer buffer, int start, int end) {
    this.intensity = intensity;
    this.periodNanos = periodNanos;
    this.buffer = buffer;
    this.start = start;
    this.end = end;
  }

  /** An empty window: at most {@code intensity} restarts in {@code period}. */
  public static RestartWindow of(int intensity, Duration period) {
    if (intensity < 0 || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("need intensity >= 0 and period > 0, got "
          + intensity + " in " + period);
    }
    return new RestartWindow(intensity, period.toNanos(), new Buffer(16), 0, 0);
  }

  /** The window after one more restart at {@code now}. Pure. */
  public RestartWindow record(long now) {
    long[] d = buffer.data;
    int first = start;
    while (first < end && now - d[first] > periodNanos) {
      first++;
    }
    int kept = Math.min(end - first, intensity); // one slot for now; more is pointless
    first = end - kept;
    synchronized (buffer) { // versions may be shared across threads by callers; appends are rare
      if (end == buffer.size && end < d.length) {
        d[end] = now;
        buffer.size = end + 1;
        return new RestartWindow(intensity, periodNanos, buffer, first, end + 1);
      }
    }
    Buffer next = new Buffer(Math.max(16, 2 * (kept + 1)));
    System.arraycopy(d, first, next.data, 0, kept);
    next.data[kept] = now;
    next.size = kept + 1;
    return new RestartWindow(intensity, periodNanos, next, 0, kept + 1);
  }

  /** True when the restarts in the window exceed the intensity: the supervisor gives up. */
  public boolean exceeded() {
    return end - start > intensity;
  }

  /** Restarts counted in the window (as of the last {@link #record}). */
  public int count() {
    return end - start;
  }

  public int intensity() {
    return intensity;
  }

  public Duration period() {
    return Duration.ofNanos(periodNanos);
  }

  @Override
  public String toString() {
    return "RestartWindow[" + count() + "/" + intensity + " in " + period() + " "
        + Arrays.toString(Arrays.copyOfRange(buffer.data, start, end)) + "]";
  }
}
