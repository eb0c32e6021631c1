package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.CrashReport;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The settings of one event loop, as validated by {@code EventLoop.Builder}.
 *
 * @param name the loop's name (and its thread's)
 * @param clock timers and the watchdog's step times
 * @param inboxCapacity events queued at most, 1..2^24
 * @param inputRingSize last inputs each server keeps for crash reports, 0..1024
 * @param timerCapacity timers pending at most, at least 1
 * @param idle how the loop waits for events
 * @param unsupervisedCrash what to do with the crash report of a server without supervisor
 */
public record LoopConfig(
    String name,
    Clock clock,
    int inboxCapacity,
    int inputRingSize,
    int timerCapacity,
    IdleStrategy idle,
    Consumer<CrashReport> unsupervisedCrash) {

  public LoopConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(idle, "idle");
    Objects.requireNonNull(unsupervisedCrash, "unsupervisedCrash");
  }
}
