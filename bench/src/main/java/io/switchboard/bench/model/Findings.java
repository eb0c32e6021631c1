package io.switchboard.bench.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What a suite found, before the runner stamps it with time, load and mode into a
 * {@link SuiteResult}.
 *
 * @param status how far the suite got
 * @param method how it measured (Markdown)
 * @param figures the numbers
 * @param charts plots to render
 * @param notes remarks, gaps, misses explained (Markdown, one item each)
 */
public record Findings(
    Status status, String method, List<Figure> figures, List<Chart> charts, List<String> notes) {

  public Findings {
    figures = List.copyOf(figures);
    charts = List.copyOf(charts);
    notes = List.copyOf(notes);
  }

  /** Starts collecting findings for a suite measured with {@code method}. Not thread-safe. */
  public static Builder builder(String method) {
    return new Builder(method);
  }

  /** Collects figures, charts and notes; {@link #build} decides the status from the gaps. */
  public static final class Builder {
    private final String method;
    private final List<Figure> figures = new ArrayList<>();
    private final List<Chart> charts = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int gaps;

    private Builder(String method) {
      this.method = method;
    }

    public Builder figure(Figure f) {
      figures.add(f);
      return this;
    }

    public Builder chart(Chart c) {
      charts.add(c);
      return this;
    }

    public Builder note(String markdown) {
      notes.add(markdown);
      return this;
    }

    /** Records a part of the suite that could not be measured, and why. */
    public Builder gap(String why) {
      gaps++;
      notes.add("**Gap:** " + why);
      return this;
    }

    /** OK without gaps; PARTIAL with gaps and some figures; GAP with gaps and no figures. */
    public Findings build() {
      Status status = gaps == 0 ? Status.OK : figures.isEmpty() ? Status.GAP : Status.PARTIAL;
      return new Findings(status, method, figures, charts, notes);
    }
  }
}
