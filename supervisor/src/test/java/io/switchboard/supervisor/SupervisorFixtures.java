package io.switchboard.supervisor;

import io.switchboard.testkit.Await;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/** Servers, journals, waits and log capture for the supervisor tests. */
final class SupervisorFixtures {
  private SupervisorFixtures() {}

  /** An ordered record of lifecycle events ({@code init:a}, {@code terminate:a:shutdown}). */
  static final class Journal {
    private final CopyOnWriteArrayList<String> events = new CopyOnWriteArrayList<>();

    void add(String e) {
      events.add(e);
    }

    List<String> all() {
      return List.copyOf(events);
    }

    /** Events starting with {@code prefix}, in order. */
    List<String> with(String prefix) {
      List<String> out = new ArrayList<>();
      for (String e : events) {
        if (e.startsWith(prefix)) {
          out.add(e);
        }
      }
      return out;
    }

    int inits(String id) {
      return (int) events.stream().filter(e -> e.equals("init:" + id)).count();
    }

    void clear() {
      events.clear();
    }
  }

  /**
   * A server a test drives: {@code crash} throws, {@code normal}/{@code shutdown}/{@code
   * shutdown:x} stop with that reason, {@code stop_crash} stops with a crash reason (nothing
   * thrown), {@code stop_killed} with {@code killed}, anything else counts. init and terminate are journaled.
   */
  static final class Probe implements GenServer<Object, Integer, Object> {
    final String id;
    final Journal journal;
    volatile boolean failInit;
    volatile CountDownLatch terminateGate;
    final CountDownLatch terminateEntered = new CountDownLatch(1);

    Probe(String id, Journal journal) {
      this.id = id;
      this.journal = journal;
    }

    @Override
    public Integer init() {
      journal.add("init:" + id);
      if (failInit) {
        throw new IllegalStateException("init of " + id + " failed (test)");
      }
      return 0;
    }

    @Override
    public Step<Integer, Object> step(Object input, Integer state) {
      String s = String.valueOf(input);
      if (s.equals("crash")) {
        throw new IllegalStateException("crash of " + id + " (test)");
      }
      if (s.equals("normal")) {
        return Step.stop(state, "bye", ExitReason.NORMAL);
      }
      if (s.equals("shutdown")) {
        return Step.stop(state, "bye", ExitReason.SHUTDOWN);
      }
      if (s.equals("stop_crash")) {
        return Step.stop(state, "bye",
            ExitReason.crash(new IllegalStateException("stop of " + id + " (test)")));
      }
      if (s.equals("stop_killed")) {
        return Step.stop(state, "bye", ExitReason.KILLED);
      }
      if (s.startsWith("shutdown:")) {
        return Step.stop(state, "bye", ExitReason.shutdown(s.substring(9)));
      }
      return Step.of(state + 1, state + 1);
    }

    @Override
    public void terminate(ExitReason reason, Integer state) throws InterruptedException {
      journal.add("terminate:" + id + ":" + reason);
      CountDownLatch gate = terminateGate;
      if (gate != null) {
        terminateEntered.countDown();
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("terminate gate of " + id + " never opened");
        }
      }
    }

    @Override
    public String kind() {
      return "probe";
    }
  }

  /** A worker spec whose fresh starts build a {@link Probe} journaled in {@code j}. */
  static ChildSpec probe(String id, Journal j) {
    return ChildSpec.worker(id, () -> new Probe(id, j));
  }

  /** Polls {@code condition} until true or {@code max} passes (then fails with {@code what}). */
  static void until(BooleanSupplier condition, Duration max, Supplier<String> what) {
    Await.atMost(max).pollEvery(Duration.ofMillis(1)).onTimeout(what)
        .until("the condition", condition);
  }

  static void until(BooleanSupplier condition, Supplier<String> what) {
    until(condition, Duration.ofSeconds(5), what);
  }

  /** Waits until no supervisor of {@code s}'s tree has work in flight. */
  static void settle(Supervisor s) {
    until(() -> s.inFlight() == 0, () -> "tree " + s.path() + " to settle (in flight "
        + s.inFlight() + ")");
  }

  /** Captures the formatted messages of one logger (thread-safe). */
  static final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final ConcurrentLinkedQueue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();
    private final Logger logger;

    private LogCapture(String name) {
      this.logger = (Logger) LoggerFactory.getLogger(name);
      setContext(logger.getLoggerContext());
      start();
      logger.addAppender(this);
    }

    static LogCapture of(String loggerName) {
      return new LogCapture(loggerName);
    }

    @Override
    protected void append(ILoggingEvent e) {
      events.add(e);
    }

    List<String> messages() {
      List<String> out = new ArrayList<>();
      for (ILoggingEvent e : events) {
        out.add(e.getFormattedMessage());
      }
      return out;
    }

    List<ILoggingEvent> events() {
      return List.copyOf(events);
    }

    @Override
    public void close() {
      logger.detachAppender(this);
      stop();
    }
  }
}
