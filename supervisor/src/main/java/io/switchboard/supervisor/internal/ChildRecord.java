package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.ChildInfo;
import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.ChildStatus;
import io.switchboard.supervisor.ChildType;
import io.switchboard.supervisor.ExitReason;

/**
 * One child as its supervisor tracks it. Touched only inside the supervisor's
 * {@link SerialExecutor}, except {@link #status}, which is volatile for cheap lock-free checks
 * ({@code ensureChild}).
 *
 * <p>{@code cell} names the server incarnation the current exit listener belongs to (bumped on
 * every fresh start, kept by a restart in place), so a late exit of a stopped server is ignored.
 * {@code token} names the current action (start, stop, backoff): a completion whose token is
 * stale belongs to an action that was superseded. {@code held} means the host still holds the
 * exited server (status EXITED or RESTARTING) for a restart in place.
 */
final class ChildRecord {
  final ChildSpec spec;
  final String id;
  final String loop;
  volatile ChildStatus status = ChildStatus.STOPPED;
  int cell;
  long token;
  boolean held;
  int restarts;
  ExitReason lastExit;
  String kind = "-";
  long runningSince;
  int backoffAttempt;
  Runnable cancelBackoff;
  SupervisorEngine sup;
  /** The last fresh start returned {@code ChildSpec.ignore()}. */
  boolean ignored;
  /** What the last fresh start's start function threw (no {@code init} ran), else null. */
  RuntimeException startError;

  ChildRecord(ChildSpec spec, String loop) {
    this.spec = spec;
    this.id = spec.id();
    this.loop = loop;
  }

  boolean isWorker() {
    return spec.type() == ChildType.WORKER;
  }

  /** Something to stop: running, starting, stopping, backing off, or an exited server held. */
  boolean alive() {
    return status != ChildStatus.STOPPED || held;
  }

  RestartPlanner.Child view() {
    return new RestartPlanner.Child(id, spec.restart(), alive());
  }

  ChildInfo info() {
    return new ChildInfo(id, spec.type(), status, loop, restarts, lastExit);
  }
}
