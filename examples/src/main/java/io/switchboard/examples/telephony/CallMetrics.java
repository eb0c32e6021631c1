package io.switchboard.examples.telephony;

import io.switchboard.supervisor.event.GenEventHandler;
import java.util.concurrent.atomic.LongAdder;

/**
 * The metrics handler of the {@code events} manager: counts call attempts, busy, unanswered,
 * set-up and torn-down calls. The counters are written on the handler's thread and readable from
 * any thread ({@link #snapshot}), e.g. by the node's metrics endpoint.
 */
public final class CallMetrics implements GenEventHandler<CallEvent, CallMetrics> {
  private final LongAdder attempts = new LongAdder();
  private final LongAdder busy = new LongAdder();
  private final LongAdder noAnswer = new LongAdder();
  private final LongAdder setups = new LongAdder();
  private final LongAdder teardowns = new LongAdder();

  /** The counts at one moment (each read separately: they may be mid-update relative to each other). */
  public record Counts(long attempts, long busy, long noAnswer, long setups, long teardowns) {

    /** Calls set up and not yet torn down. */
    public long active() {
      return setups - teardowns;
    }

    /** {@code attempts=3 busy=1 ...}: the {@code events} server's reply to {@code stats}. */
    public String text() {
      return "attempts=" + attempts + " busy=" + busy + " no_answer=" + noAnswer + " setups="
          + setups + " teardowns=" + teardowns + " active=" + active();
    }
  }

  public Counts snapshot() {
    return new Counts(attempts.sum(), busy.sum(), noAnswer.sum(), setups.sum(), teardowns.sum());
  }

  @Override
  public CallMetrics init() {
    return this;
  }

  @Override
  public CallMetrics handleEvent(CallEvent event, CallMetrics self, boolean endOfBatch) {
    LongAdder counter;
    if (event instanceof CallEvent.Attempt) {
      counter = attempts;
    } else if (event instanceof CallEvent.Busy) {
      counter = busy;
    } else if (event instanceof CallEvent.NoAnswer) {
      counter = noAnswer;
    } else if (event instanceof CallEvent.Setup) {
      counter = setups;
    } else {
      counter = teardowns;
    }
    counter.increment();
    return self;
  }
}
