package io.switchboard.bench.model;

import java.util.List;

/**
 * A plot a suite asks for; rendered to {@code <id>.png} beside the results.
 *
 * @param id file name without extension, e.g. {@code local-call-latency}
 * @param title the chart title
 * @param kind bars, stacked bars or lines
 * @param xLabel x axis title
 * @param yLabel y axis title (with the unit)
 * @param categories the x categories of a bar chart (empty for lines)
 * @param series the data
 * @param logY a logarithmic y axis (for latencies that span decades)
 */
public record Chart(
    String id,
    String title,
    Kind kind,
    String xLabel,
    String yLabel,
    List<String> categories,
    List<Series> series,
    boolean logY) {

  /** How the series are drawn. */
  public enum Kind {
    BARS,
    STACKED_BARS,
    LINES
  }

  public Chart {
    categories = List.copyOf(categories);
    series = List.copyOf(series);
    if (kind != Kind.LINES) {
      for (Series s : series) {
        if (s.y().size() != categories.size()) {
          throw new IllegalArgumentException("chart " + id + ": series " + s.name() + " has "
              + s.y().size() + " values for " + categories.size() + " categories");
        }
      }
    }
  }
}
