package io.switchboard.bench.report;

import io.switchboard.bench.model.Chart;
import io.switchboard.bench.model.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** Renders {@link Chart}s to PNG files with XChart (headless). */
public final class Plots {
  private static final int WIDTH = 960;
  private static final int HEIGHT = 540;
  /** Log axes cannot show 0: bars of 0 are drawn at this height. */
  private static final double LOG_FLOOR = 1e-3;

  private Plots() {}

  /** Writes {@code chart} to {@code <dir>/<id>.png} and returns that path. */
  public static Path render(Chart chart, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    Path png = dir.resolve(chart.id() + ".png");
    org.knowm.xchart.internal.chartpart.Chart<?, ?> c =
        chart.kind() == Chart.Kind.LINES ? lines(chart) : bars(chart);
    BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    return png;
  }

  private static CategoryChart bars(Chart chart) {
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(chart.title())
        .xAxisTitle(chart.xLabel()).yAxisTitle(chart.yLabel()).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    c.getStyler().setYAxisLogarithmic(chart.logY());
    if (chart.logY()) {
      // bars start at 0 unless told otherwise, and a log axis cannot show 0
      c.getStyler().setYAxisMin(decadeBelow(chart));
    }
    c.getStyler().setStacked(chart.kind() == Chart.Kind.STACKED_BARS);
    c.getStyler().setLabelsVisible(chart.kind() == Chart.Kind.BARS);
    c.getStyler().setLegendVisible(chart.series().size() > 1);
    c.getStyler().setYAxisDecimalPattern("#,##0.###");
    if (chart.categories().size() > 12) {
      c.getStyler().setXAxisLabelRotation(90);
    }
    for (Series s : chart.series()) {
      c.addSeries(s.name(), chart.categories(), clamp(s.y(), chart.logY()));
    }
    return c;
  }

  private static XYChart lines(Chart chart) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(chart.title())
        .xAxisTitle(chart.xLabel()).yAxisTitle(chart.yLabel()).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    c.getStyler().setYAxisLogarithmic(chart.logY());
    for (Series s : chart.series()) {
      if (!s.x().isEmpty()) {
        c.addSeries(s.name(), s.x(), clamp(s.y(), chart.logY()));
      }
    }
    return c;
  }

  /** The largest power of ten at or below every value of the chart. */
  private static double decadeBelow(Chart chart) {
    double min = chart.series().stream().flatMap(s -> s.y().stream())
        .mapToDouble(y -> Math.max(LOG_FLOOR, y)).min().orElse(1);
    return Math.pow(10, Math.floor(Math.log10(min)));
  }

  private static List<Double> clamp(List<Double> ys, boolean log) {
    List<Double> out = new ArrayList<>(ys.size());
    for (double y : ys) {
      out.add(log ? Math.max(LOG_FLOOR, y) : y);
    }
    return out;
  }
}
