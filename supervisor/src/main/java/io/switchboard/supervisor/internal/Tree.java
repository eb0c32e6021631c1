package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.CrashReports;
import io.switchboard.supervisor.ExitListener;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.SupervisorListener;
import io.switchboard.supervisor.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every supervisor of one tree shares: the host, the clock, the crash ring, the listeners,
 * the timer thread, and a count of work in flight (queued decisions, pending starts and stops,
 * pending backoffs) that is zero exactly when the tree is quiescent.
 */
public final class Tree {
  final ServerHost host;
  final Clock clock;
  final CrashReports crashes;
  final SupervisorListener listener;
  final ExitListener onRootExit;
  final Deadlines deadlines;
  final AtomicInteger inFlight = new AtomicInteger();

  /** Timers pending at once in one tree (shutdown timeouts and supervisor backoffs). */
  static final int TIMER_CAPACITY = 1 << 20;

  public Tree(String rootName, ServerHost host, Clock clock, CrashReports crashes,
      SupervisorListener listener, ExitListener onRootExit) {
    this.host = Objects.requireNonNull(host, "host");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.crashes = Objects.requireNonNull(crashes, "crashes");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.onRootExit = onRootExit;
    this.deadlines = new Deadlines(rootName, clock, TIMER_CAPACITY);
  }

  long now() {
    return clock.nanoTime();
  }

  ServerHost hostOf(ChildSpec spec) {
    return spec.host() != null ? spec.host() : host;
  }

  /** Work in flight anywhere in the tree; 0 when nothing is queued or pending. */
  public int inFlight() {
    return inFlight.get();
  }

  public CrashReports crashes() {
    return crashes;
  }

  void close() {
    deadlines.close();
  }
}
