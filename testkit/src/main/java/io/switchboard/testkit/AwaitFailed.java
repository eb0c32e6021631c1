package io.switchboard.testkit;

/**
 * A bounded wait ended without what it waited for: its deadline passed, or what it waited for
 * can no longer happen (a node it waits on exited). The message says what was awaited, for how
 * long, the last answer seen and any context the waiter attached (e.g. the nodes' log tails).
 *
 * <p>An {@link AssertionError}, so test frameworks report it as a failed test; code that is not a
 * test (the demo, the benchmarks) catches this type by name.
 */
public final class AwaitFailed extends AssertionError {
  private static final long serialVersionUID = 1L;

  public AwaitFailed(String message) {
    super(message);
  }

  public AwaitFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
