package io.switchboard.supervisor.time;

/** {@link System#nanoTime()}. */
enum SystemClock implements Clock {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }
}
