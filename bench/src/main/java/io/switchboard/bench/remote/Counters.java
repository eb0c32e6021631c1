package io.switchboard.bench.remote;

import io.switchboard.testkit.NodeClient;

/** The demo's counters ({@code counter-*}) as the cluster suites read them. */
final class Counters {
  private Counters() {}

  /** The value a successful {@code read} answered, or -1 when it is not a number. */
  static long value(NodeClient.Result read) {
    try {
      return Long.parseLong(read.text().trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
