package io.switchboard.bench.restart;

import io.switchboard.bench.support.Json;
import io.switchboard.examples.Counter;
import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.CrashLog;
import io.switchboard.supervisor.EventLoop;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Child-JVM probe: crashes one supervised counter over and over and records how long each restart
 * takes. Run by {@link RestartSuite} in its own JVM, so that the crash-logging configuration
 * ({@code -Dlogback.configurationFile}, crash log file {@code -DcrashLog}) is the one under test.
 *
 * <p>Arguments: {@code <host> <warm-up> <restarts> <logging label> <result.json>}, hosts:
 *
 * <ul>
 *   <li>{@code supervisor}: a ONE_FOR_ONE {@link Supervisor} with the counter as its one
 *       permanent worker (intensity raised to 1 000 000 in OTP's 5 s period so it never gives
 *       up); it logs each crash through its own bounded asynchronous crash-log writer;
 *   <li>{@code supervisor-short-window}: the same with a 10 ms period, so the restart-intensity
 *       window holds a handful of restarts instead of thousands;
 *   <li>{@code listener}: no supervisor — the counter's exit listener logs the report
 *       synchronously with {@link CrashLog} and restarts it inline on the loop thread
 *       ({@link EventLoop#restartAsync}): the bare mechanism.
 * </ul>
 */
public final class RestartProbe {
  private static final String NAME = "counter";
  private static final long WAIT_NANOS = Duration.ofSeconds(5).toNanos();
  private static final Duration LOG_DRAIN = Duration.ofSeconds(10);
  private static final int BUCKET = 500;
  private static final int EDGE = 1_000;
  private static final Duration SHORT_PERIOD = Duration.ofMillis(10);

  private RestartProbe() {}

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int warmup = Integer.parseInt(args[1]);
    int restarts = Integer.parseInt(args[2]);
    String logging = args[3];
    Path out = Path.of(args[4]);
    TimedCounter counter = new TimedCounter();
    try (EventLoop loop = EventLoop.builder("bench-restart").start()) {
      Supervisor sup = switch (host) {
        case "supervisor" -> supervise(loop, counter, SupervisorSpec.DEFAULT_PERIOD);
        case "supervisor-short-window" -> supervise(loop, counter, SHORT_PERIOD);
        case "listener" -> {
          bare(loop, counter);
          yield null;
        }
        default -> throw new IllegalArgumentException(
            "host is supervisor, supervisor-short-window or listener: " + host);
      };
      for (int i = 0; i < warmup; i++) {
        crashOnce(loop, counter);
      }
      Histogram raw = rawFloor(warmup + restarts);
      Measured m = measure(loop, counter, restarts);
      long crashes = warmup + restarts;
      long dropped = sup == null ? -1 : sup.crashReports().droppedLogLines();
      long lines = logLines(crashes - Math.max(0, dropped));
      Json.write(out, m.result(host, logging, restarts, raw, crashes, lines, dropped));
      if (sup != null) {
        sup.stop();
      }
    }
  }

  private static Supervisor supervise(EventLoop loop, TimedCounter counter, Duration period) {
    Supervisor sup = Supervisor.builder("bench", loop, SupervisorSpec.oneForOne(
        ChildSpec.worker(NAME, () -> counter)).withIntensity(1_000_000, period)).build();
    sup.start().orThrow();
    return sup;
  }

  private static void bare(EventLoop loop, TimedCounter counter) {
    loop.startAsync(NAME, counter, (name, reason, report) -> {
      if (report != null) {
        CrashLog.log(report);
      }
      loop.restartAsync(name);
    }).await(ServerHost.deadline(Duration.ofSeconds(5)), IdleStrategy.DEFAULT).orThrow();
  }

  /**
   * The floor of a crash and a restart without any machinery: throw from the counter's
   * {@code step}, catch, run {@code init} again, all on this thread.
   */
  private static Histogram rawFloor(int n) throws Exception {
    Counter plain = new Counter();
    Histogram h = histogram();
    long sink = 0;
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      try {
        plain.step(Counter.Input.RESET, 0L);
      } catch (IllegalStateException crash) {
        sink += plain.init();
      }
      h.recordValue(System.nanoTime() - t0);
    }
    if (sink != 0) {
      throw new IllegalStateException("a fresh counter starts at 0, got " + sink);
    }
    return h;
  }

  /** The histograms of one measured run. */
  private record Measured(Histogram all, Histogram caller, double flatness, List<Double> ends,
      List<Double> p50s, List<Double> p99s) {

    RestartProbeResult result(String host, String logging, int restarts, Histogram raw,
        long crashes, long lines, long dropped) {
      return new RestartProbeResult(host, logging, restarts, micros(all, 50), micros(all, 90),
          micros(all, 99), micros(all, 99.9), all.getMaxValue() / 1_000.0, micros(caller, 50),
          micros(caller, 99), micros(raw, 50), micros(raw, 99), flatness, crashes, lines,
          dropped, ends, p50s, p99s);
    }
  }

  private static Measured measure(EventLoop loop, TimedCounter counter, int restarts) {
    Histogram all = histogram();
    Histogram caller = histogram();
    Histogram first = histogram();
    Histogram last = histogram();
    Histogram bucket = histogram();
    List<Double> ends = new ArrayList<>();
    List<Double> p50s = new ArrayList<>();
    List<Double> p99s = new ArrayList<>();
    for (int i = 0; i < restarts; i++) {
      long callerNanos = crashOnce(loop, counter);
      long restart = counter.lastRestartNanos();
      all.recordValue(restart);
      caller.recordValue(callerNanos);
      bucket.recordValue(restart);
      if (i < EDGE) {
        first.recordValue(restart);
      }
      if (i >= restarts - EDGE) {
        last.recordValue(restart);
      }
      if ((i + 1) % BUCKET == 0 || i == restarts - 1) {
        ends.add((double) (i + 1));
        p50s.add(micros(bucket, 50));
        p99s.add(micros(bucket, 99));
        bucket.reset();
      }
    }
    return new Measured(all, caller, micros(last, 50) / micros(first, 50), ends, p50s, p99s);
  }

  /**
   * Crashes the counter once and waits until it was restarted and answers again. Returns the
   * caller-visible time: crashing call issued → the next call answered {@code Ok}.
   */
  private static long crashOnce(EventLoop loop, TimedCounter counter) {
    int before = counter.inits();
    long start = System.nanoTime();
    Reply<Object> crashed = loop.call(NAME, Counter.Input.RESET);
    if (!(crashed instanceof Reply.Crashed)) {
      throw new IllegalStateException("expected the counter to crash, got " + crashed);
    }
    long deadline = start + WAIT_NANOS;
    while (counter.inits() == before) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the counter was not restarted within 5 s");
      }
      Thread.onSpinWait();
    }
    while (!loop.call(NAME, Counter.Input.READ).isOk()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the counter did not answer within 5 s of its restart");
      }
    }
    return System.nanoTime() - start;
  }

  /**
   * Crash reports in the crash log file ({@code -DcrashLog}), once the asynchronous writers had
   * up to 10 s to write the {@code expected} ones; 0 when there is no file (logging off).
   */
  private static long logLines(long expected) throws IOException {
    String file = System.getProperty("crashLog");
    if (file == null || !Files.exists(Path.of(file))) {
      return 0;
    }
    long deadline = System.nanoTime() + LOG_DRAIN.toNanos();
    long n = count(Path.of(file));
    while (n < expected && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      n = count(Path.of(file));
    }
    return n;
  }

  private static long count(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.filter(l -> l.contains(" io.switchboard.crash - ")).count();
    }
  }

  private static Histogram histogram() {
    return new Histogram(Duration.ofSeconds(60).toNanos(), 3);
  }

  private static double micros(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1_000.0;
  }
}
