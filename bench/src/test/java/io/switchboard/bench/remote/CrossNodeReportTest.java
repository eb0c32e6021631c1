package io.switchboard.bench.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.switchboard.bench.model.Baseline;
import io.switchboard.bench.model.Figure;
import io.switchboard.bench.model.Findings;
import io.switchboard.bench.report.Goals;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class CrossNodeReportTest {

  /** 98 calls of {@code p50Micros} and 2 of four times that: p50 and p99 are known. */
  private static Histogram calls(double p50Micros) {
    Histogram h = new Histogram(Duration.ofSeconds(60).toNanos(), 3);
    long ns = Math.round(p50Micros * 1_000);
    h.recordValueWithCount(ns, 98);
    h.recordValueWithCount(4 * ns, 2);
    return h;
  }

  private static Map<String, Histogram> plaintextRun() {
    Map<String, Histogram> hs = new LinkedHashMap<>();
    hs.put(CrossNodeSuite.RAW, calls(100));
    hs.put(CrossNodeSuite.RELAY, calls(250));
    hs.put(CrossNodeSuite.DIRECT, calls(120));
    hs.put(CrossNodeSuite.FORWARDED, calls(300));
    return hs;
  }

  private static Figure figure(Findings f, String id) {
    return f.figures().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void write_plaintextOnly_reportsTheFiguresOfBeforeAndNoMtlsFigure() {
    Findings.Builder b = Findings.builder("m");

    CrossNodeReport.write(b, plaintextRun());

    assertThat(b.build().figures()).extracting(Figure::id).containsExactly("cross.raw.p50",
        "cross.relay.p50", "cross.direct.p50", "cross.direct.p99", "cross.forwarded.p50",
        "cross.forwarded.p99", "forward.hop", Goals.FORWARD_HOP, "cross.forwarded-vs-relay");
  }

  @Test
  void write_mtlsForwarded_standsBesideThePlaintextForwardedCallAtP50AndP99() {
    Map<String, Histogram> hs = plaintextRun();
    hs.put(CrossNodeSuite.FORWARDED_MTLS, calls(450));
    Findings.Builder b = Findings.builder("m");

    CrossNodeReport.write(b, hs);
    Findings f = b.build();

    Figure p50 = figure(f, "cross.forwarded-mtls.p50");
    assertThat(p50.label()).isEqualTo(CrossNodeSuite.FORWARDED_MTLS + " p50");
    assertThat(p50.value()).isCloseTo(450, withinPercentage(1));
    assertThat(p50.baselines()).singleElement().satisfies(base -> {
      assertThat(base.label()).isEqualTo(CrossNodeSuite.FORWARDED + " p50");
      assertThat(base.value()).isCloseTo(300, withinPercentage(1));
    });
    assertThat(p50.ratioTo(p50.baselines().get(0))).isCloseTo(1.5, withinPercentage(1));
    Figure p99 = figure(f, "cross.forwarded-mtls.p99");
    assertThat(p99.value()).isCloseTo(1_800, withinPercentage(1));
    assertThat(p99.baselines()).extracting(Baseline::label)
        .containsExactly(CrossNodeSuite.FORWARDED + " p99");
    assertThat(p99.baselines().get(0).value()).isCloseTo(1_200, withinPercentage(1));
    assertThat(f.notes()).anySatisfy(n -> assertThat(n)
        .contains("mutual TLS on the peer plane", "1.5× and 1.5×", "--only cross-node"));
  }

  @Test
  void write_mtlsDirectToo_reportsItsHopBesideThePlaintextHop() {
    Map<String, Histogram> hs = plaintextRun();
    hs.put(CrossNodeSuite.DIRECT_MTLS, calls(130));
    hs.put(CrossNodeSuite.FORWARDED_MTLS, calls(450));
    Findings.Builder b = Findings.builder("m");

    CrossNodeReport.write(b, hs);
    Findings f = b.build();

    assertThat(figure(f, "cross.direct-mtls.p50").baselines()).extracting(Baseline::label)
        .containsExactly(CrossNodeSuite.DIRECT + " p50");
    Figure hop = figure(f, "forward.hop-mtls");
    assertThat(hop.value()).isCloseTo(320, withinPercentage(2));
    assertThat(hop.baselines().get(0).value()).isCloseTo(180, withinPercentage(2));
    assertThat(f.charts()).singleElement().satisfies(c -> assertThat(c.series()).hasSize(6));
  }
}
