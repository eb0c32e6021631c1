package io.switchboard.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.bench.model.Chart;
import io.switchboard.bench.model.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

  @TempDir Path dir;

  private static byte[] head(Path p) throws IOException {
    byte[] all = Files.readAllBytes(p);
    return java.util.Arrays.copyOf(all, 4);
  }

  @Test
  void render_logBarsWithAZero_writesPng() throws IOException {
    Chart c = new Chart("lat", "Latency", Chart.Kind.BARS, "percentile", "µs",
        List.of("p50", "p99"), List.of(Series.bars("loop", List.of(0.0, 120.0)),
            Series.bars("spin", List.of(0.2, 0.4))), true);

    Path png = Plots.render(c, dir);

    assertThat(png).isEqualTo(dir.resolve("lat.png"));
    assertThat(head(png)).isEqualTo(PNG_MAGIC);
  }

  @Test
  void render_stackedBarsAndLines_writePngs() throws IOException {
    Chart stacked = new Chart("fo", "Failover", Chart.Kind.STACKED_BARS, "trial", "s",
        List.of("#1", "#2"), List.of(Series.bars("detect", List.of(1.0, 2.0)),
            Series.bars("rest", List.of(0.5, 0.1))), false);
    Chart lines = new Chart("rs", "Restarts", Chart.Kind.LINES, "#", "µs", List.of(),
        List.of(new Series("p50", List.of(500.0, 1000.0), List.of(4.0, 5.0))), false);

    assertThat(head(Plots.render(stacked, dir))).isEqualTo(PNG_MAGIC);
    assertThat(head(Plots.render(lines, dir))).isEqualTo(PNG_MAGIC);
  }
}
