package io.switchboard.bench;

import io.switchboard.bench.model.Findings;

/**
 * One group of measurements with its baselines (e.g. local call vs raw ping-pongs). A suite never
 * asserts on numbers; it reports them, and gaps where something it needs does not exist.
 */
public interface Suite {

  /** The name used by {@code --only} and as the JSON file name. */
  String name();

  /** A heading for the report. */
  String title();

  /** Measures; blocks for the duration of the suite. Exceptions become a FAILED result. */
  Findings run(BenchContext ctx) throws Exception;
}
