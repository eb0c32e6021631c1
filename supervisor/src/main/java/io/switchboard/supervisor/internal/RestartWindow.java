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
 * {@code intensity + 1} timestamps, so {@link #record} costs O(restarts in the window).
 */
final class RestartWindow {
  private final int intensity;
  private final long periodNanos;
  private final long[] stamps; // ascending, all within the period of the newest

  private RestartWindow(int intensity, long periodNanos, long[] stamps) {
    this.intensity = intensity;
    this.periodNanos = periodNanos;
    this.stamps = stamps;
  }

  /** An empty window: at most {@code intensity} restarts in {@code period}. */
  public static RestartWindow of(int intensity, Duration period) {
    if (intensity < 0 || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("need intensity >= 0 and period > 0, got "
          + intensity + " in " + period);
    }
    return new RestartWindow(intensity, period.toNanos(), new long[0]);
  }

  /** The window after one more restart at {@code now}. Pure. */
  public RestartWindow record(long now) {
    int first = 0;
    while (first < stamps.length && now - stamps[first] > periodNanos) {
      first++;
    }
    int kept = Math.min(stamps.length - first, intensity); // one slot for now; more is pointless
    long[] next = new long[kept + 1];
    System.arraycopy(stamps, stamps.length - kept, next, 0, kept);
    next[kept] = now;
    return new RestartWindow(intensity, periodNanos, next);
  }

  /** True when the restarts in the window exceed the intensity: the supervisor gives up. */
  public boolean exceeded() {
    return stamps.length > intensity;
  }

  /** Restarts counted in the window (as of the last {@link #record}). */
  public int count() {
    return stamps.length;
  }

  public int intensity() {
    return intensity;
  }

  public Duration period() {
    return Duration.ofNanos(periodNanos);
  }

  @Override
  public String toString() {
    return "RestartWindow[" + stamps.length + "/" + intensity + " in " + period() + " "
        + Arrays.toString(stamps) + "]";
  }
}
