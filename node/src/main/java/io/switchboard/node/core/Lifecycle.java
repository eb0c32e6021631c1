package io.switchboard.node.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the node is in its life, and the calls in flight: the gate every public call passes.
 *
 * <pre>
 *   STARTING ──ready()──► READY ──drain(reason)──► DRAINING ──stopped()──► STOPPED
 * </pre>
 *
 * <p>Only a {@code READY} node admits calls ({@link #tryEnter}); each admitted call must
 * {@link #exit} exactly once. After {@link #drain} no call is admitted and {@link #awaitIdle}
 * waits, bounded, for the admitted ones to finish. Thread-safe; only {@link #awaitIdle} blocks.
 */
public final class Lifecycle {

  /** The phases, in order; a node never goes back. */
  public enum Phase {
    STARTING,
    READY,
    DRAINING,
    STOPPED
  }

  private final AtomicLong inFlight = new AtomicLong();
  private volatile Phase phase = Phase.STARTING;
  private volatile String reason = "starting";

  /** The current phase. */
  public Phase phase() {
    return phase;
  }

  /** Why the node is not ready ("starting", "shutting down"…); "ready" when it is. */
  public String reason() {
    return reason;
  }

  /** True in {@link Phase#READY}. */
  public boolean isReady() {
    return phase == Phase.READY;
  }

  /** Calls admitted and not yet finished. */
  public long inFlight() {
    return inFlight.get();
  }

  /** STARTING → READY; ignored in any other phase. */
  public synchronized void ready() {
    if (phase == Phase.STARTING) {
      reason = "ready";
      phase = Phase.READY;
    }
  }

  /** Stops admitting calls (any phase before STOPPED → DRAINING); returns false if already so. */
  public synchronized boolean drain(String why) {
    if (phase == Phase.DRAINING || phase == Phase.STOPPED) {
      return false;
    }
    reason = why;
    phase = Phase.DRAINING;
    return true;
  }

  /** The node has stopped: nothing is admitted any more. */
  public synchronized void stopped() {
    reason = "stopped";
    phase = Phase.STOPPED;
    notifyAll();
  }

  /**
   * Admits one call if the node is ready. The count goes up before the phase is read, so a call
   * admitted concurrently with {@link #drain} is always seen by {@link #awaitIdle}.
   */
  public boolean tryEnter() {
    inFlight.incrementAndGet();
    if (phase == Phase.READY) {
      return true;
    }
    exit();
    return false;
  }

  /** Marks one admitted call finished. */
  public void exit() {
    if (inFlight.decrementAndGet() == 0 && phase != Phase.READY) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /**
   * Waits until no admitted call is left or {@code timeout} passes. Blocks the calling thread.
   *
   * @return true when idle
   */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
