package io.switchboard.node.deploy;

import io.switchboard.testkit.Await;
import java.time.Duration;

/**
 * Bounded waits of the container ITs: the testkit's {@link Await}, asking every
 * {@value #INTERVAL_MILLIS} ms, since the probes here (gRPC calls, HTTP requests, docker
 * commands) take milliseconds to seconds.
 */
final class Poll {
  private static final long INTERVAL_MILLIS = 200;

  private Poll() {}

  /** A wait of at most {@code timeout} asking every {@value #INTERVAL_MILLIS} ms. */
  static Await atMost(Duration timeout) {
    return Await.atMost(timeout).pollEvery(Duration.ofMillis(INTERVAL_MILLIS));
  }
}
