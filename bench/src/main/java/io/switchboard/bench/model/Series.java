package io.switchboard.bench.model;

import java.util.List;

/**
 * One line or one set of bars of a {@link Chart}.
 *
 * @param name the legend entry
 * @param x x values for a line chart; empty for bars (the chart's categories are the x axis)
 * @param y one value per x value, or per category
 */
public record Series(String name, List<Double> x, List<Double> y) {

  public Series {
    x = List.copyOf(x);
    y = List.copyOf(y);
    if (!x.isEmpty() && x.size() != y.size()) {
      throw new IllegalArgumentException("series " + name + ": " + x.size() + " x values but "
          + y.size() + " y values");
    }
  }

  /** Bars: one value per category. */
  public static Series bars(String name, List<Double> y) {
    return new Series(name, List.of(), y);
  }
}
