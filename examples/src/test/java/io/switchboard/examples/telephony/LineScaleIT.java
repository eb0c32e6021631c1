package io.switchboard.examples.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seed's telephony problem at scale (not timed): one million line state machines on one
 * event-loop group of two loops in a 2 GiB heap ({@code -Xmx2g}, set for failsafe in this
 * module's pom), each a dynamic child of the {@code lines} supervisor, then calls between random
 * pairs of them. Prints the heap an idle line costs, its supervision record included. Run alone:
 * {@code ./mvnw -pl supervisor verify -Dit.test=LineScaleIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class LineScaleIT {
  private static final int LINES = 1_000_000;
  private static final int CALLS = 1_000;
  private static final int WINDOW = 4_096;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void millionLines_callsBetweenRandomPairs_allConnectAndHangUp() throws Exception {
    try (EventLoopGroup group = EventLoopGroup.start("scale", 2, b -> b)) {
      TelephonyExchange app = TelephonyExchange.start(group, null, Line.Config.DEFAULT);
      long before = usedHeapAfterGc();
      long t0 = System.nanoTime();
      startAll(app);
      long startMillis = (System.nanoTime() - t0) / 1_000_000;
      long after = usedHeapAfterGc();
      assertThat(group.serverCount()).isEqualTo(LINES + 1); // + the events server
      double perLine = (after - before) / (double) LINES;
      System.out.printf("scale: lines=%d start_ms=%d heap_before=%dMiB heap_after=%dMiB "
          + "heap_per_idle_line=%.0fB%n", LINES, startMillis, before >> 20, after >> 20, perLine);

      long t1 = System.nanoTime();
      List<String[]> pairs = randomPairs(new Random(42));
      for (String[] p : pairs) {
        assertThat(call(group, p[0], LineEvent.OFF_HOOK)).isEqualTo("ok");
        assertThat(call(group, p[0], new LineEvent.Dial(p[1]))).isEqualTo("ringing");
        assertThat(call(group, p[1], LineEvent.ANSWER)).isEqualTo("connected " + p[0]);
      }
      for (String[] p : pairs) {
        assertThat(call(group, p[0], LineEvent.STATE)).isEqualTo("connected " + p[1]);
        assertThat(call(group, p[0], LineEvent.ON_HOOK)).isEqualTo("ok");
        assertThat(call(group, p[1], LineEvent.ON_HOOK)).isEqualTo("ok");
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (app.counts().teardowns() < CALLS) {
        assertThat(System.nanoTime() - deadline).as("teardowns counted within 30 s").isNegative();
        LockSupport.parkNanos(1_000_000);
      }
      System.out.printf("scale: calls=%d call_ms=%d%n", CALLS, (System.nanoTime() - t1) / 1_000_000);
      assertThat(app.counts().setups()).isEqualTo(CALLS);
      assertThat(app.droppedEvents()).isZero();
      app.close();
    }
  }

  /** Starts every line, keeping at most {@link #WINDOW} starts in flight (inboxes are bounded). */
  private static void startAll(TelephonyExchange app) {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicLong failed = new AtomicLong();
    for (int i = 0; i < LINES; i++) {
      while (inFlight.get() >= WINDOW) {
        Thread.onSpinWait();
      }
      String name = "line-" + i;
      while (true) {
        inFlight.incrementAndGet();
        Promise<Void> p = app.startLine(name);
        Reply<Void> now = p.peek();
        if (now instanceof Reply.Overloaded) {
          inFlight.decrementAndGet();
          LockSupport.parkNanos(50_000);
          continue;
        }
        p.onComplete(r -> {
          if (!r.isOk()) {
            failed.incrementAndGet();
          }
          inFlight.decrementAndGet();
        });
        break;
      }
    }
    while (inFlight.get() > 0) {
      LockSupport.parkNanos(1_000_000);
    }
    assertThat(failed.get()).as("lines that failed to start").isZero();
  }

  private static List<String[]> randomPairs(Random random) {
    List<String[]> pairs = new ArrayList<>(CALLS);
    java.util.Set<Integer> used = new java.util.HashSet<>();
    while (pairs.size() < CALLS) {
      int a = random.nextInt(LINES);
      int b = random.nextInt(LINES);
      if (a != b && used.add(a) && used.add(b)) {
        pairs.add(new String[] {"line-" + a, "line-" + b});
      }
    }
    return pairs;
  }

  private static String call(EventLoopGroup group, String line, LineEvent event) {
    return io.switchboard.supervisor.statem.GenStatem.<String>call(group, line, event,
        Duration.ofSeconds(5)).orThrow();
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return mem.getHeapMemoryUsage().getUsed();
  }
}
