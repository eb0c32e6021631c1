package io.switchboard.bench.model;

import java.util.List;

/**
 * What one suite measured in one run; stored as {@code <suite>.json} and read back to write the
 * report, so a partial run ({@code --only}) keeps the other suites' last results.
 *
 * @param suite the suite's name (also the JSON file name)
 * @param title a heading for the report
 * @param status how far it got
 * @param mode {@code quick} or {@code full}
 * @param startedAt ISO-8601 instant
 * @param seconds wall time of the suite
 * @param loadAverage the machine's 1-minute load average when the suite started
 * @param method how it was measured, for the report (Markdown)
 * @param figures the numbers
 * @param charts plots to render
 * @param notes remarks, gaps and errors (Markdown, one item each)
 */
public record SuiteResult(
    String suite,
    String title,
    Status status,
    String mode,
    String startedAt,
    double seconds,
    double loadAverage,
    String method,
    List<Figure> figures,
    List<Chart> charts,
    List<String> notes) {

  public SuiteResult {
    figures = List.copyOf(figures);
    charts = List.copyOf(charts);
    notes = List.copyOf(notes);
  }

  /** The figure with this id, if measured. */
  public java.util.Optional<Figure> figure(String id) {
    return figures.stream().filter(f -> f.id().equals(id)).findFirst();
  }
}
