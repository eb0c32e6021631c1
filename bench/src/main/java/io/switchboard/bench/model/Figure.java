package io.switchboard.bench.model;

import java.util.List;

/**
 * One measured number, with the baselines taken beside it.
 *
 * @param id stable key, e.g. {@code call.p50}; a figure whose id is a {@link Goal#id()} is the
 *     figure that goal is judged on
 * @param label what was measured, for people
 * @param value the measurement, in {@code unit}
 * @param unit e.g. {@code µs}, {@code M/s}, {@code KiB}, {@code s}, {@code ×}
 * @param baselines raw references from the same run (may be empty)
 */
public record Figure(String id, String label, double value, String unit, List<Baseline> baselines) {

  public Figure {
    baselines = List.copyOf(baselines);
  }

  /** A figure without a baseline. */
  public static Figure of(String id, String label, double value, String unit) {
    return new Figure(id, label, value, unit, List.of());
  }

  /** {@code value / baseline.value}, or NaN-free {@code 0} when the baseline is zero. */
  public double ratioTo(Baseline b) {
    return b.value() == 0 ? 0 : value / b.value();
  }
}
