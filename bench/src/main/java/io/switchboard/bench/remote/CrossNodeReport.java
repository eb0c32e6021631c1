package io.switchboard.bench.remote;

import static io.switchboard.bench.remote.CrossNodeSuite.DIRECT;
import static io.switchboard.bench.remote.CrossNodeSuite.DIRECT_MTLS;
import static io.switchboard.bench.remote.CrossNodeSuite.FORWARDED;
import static io.switchboard.bench.remote.CrossNodeSuite.FORWARDED_MTLS;
import static io.switchboard.bench.remote.CrossNodeSuite.RAW;
import static io.switchboard.bench.remote.CrossNodeSuite.RELAY;

import io.switchboard.bench.model.Baseline;
import io.switchboard.bench.model.Chart;
import io.switchboard.bench.model.Figure;
import io.switchboard.bench.model.Findings;
import io.switchboard.bench.model.Numbers;
import io.switchboard.bench.model.Series;
import io.switchboard.bench.report.Goals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The cross-node suite's figures, chart and notes, from the histograms of one interleaved run
 * (nanoseconds, by kind of call: {@link CrossNodeSuite#RAW} and the other labels). Every figure
 * names its baseline from the same run. Pure.
 */
final class CrossNodeReport {
  private CrossNodeReport() {}

  /** Adds the figures, chart and notes of one run's histograms (ns, by kind). */
  static void write(Findings.Builder f, Map<String, Histogram> hs) {
    double raw = Interleaved.micros(hs.get(RAW), 50);
    double relay = Interleaved.micros(hs.get(RELAY), 50);
    f.figure(Figure.of("cross.raw.p50", RAW + " p50", raw, "µs"));
    f.figure(new Figure("cross.relay.p50", RELAY + " p50", relay, "µs",
        List.of(new Baseline(RAW + " p50", raw))));
    if (hs.containsKey(DIRECT)) {
      double direct = Interleaved.micros(hs.get(DIRECT), 50);
      f.figure(new Figure("cross.direct.p50", DIRECT + " p50", direct, "µs",
          List.of(new Baseline(RAW + " p50", raw))));
      f.figure(new Figure("cross.direct.p99", DIRECT + " p99",
          Interleaved.micros(hs.get(DIRECT), 99), "µs",
          List.of(new Baseline(RAW + " p99", Interleaved.micros(hs.get(RAW), 99)))));
    }
    if (hs.containsKey(FORWARDED)) {
      double direct = Interleaved.micros(hs.get(DIRECT), 50);
      double forwarded = Interleaved.micros(hs.get(FORWARDED), 50);
      f.figure(new Figure("cross.forwarded.p50", FORWARDED + " p50", forwarded, "µs",
          List.of(new Baseline(RELAY + " p50", relay))));
      f.figure(new Figure("cross.forwarded.p99", FORWARDED + " p99",
          Interleaved.micros(hs.get(FORWARDED), 99), "µs",
          List.of(new Baseline(RELAY + " p99", Interleaved.micros(hs.get(RELAY), 99)))));
      f.figure(new Figure("forward.hop", "the forwarding hop: via a non-owner − to the owner, p50",
          forwarded - direct, "µs", List.of(new Baseline("raw relay hop: relay − echo, p50",
              relay - raw), new Baseline(RAW + " p50", raw))));
      double hop = forwarded - direct;
      f.figure(new Figure(Goals.FORWARD_HOP, "forwarding hop ÷ one raw gRPC unary call (p50)",
          hop / raw, "×", List.of(new Baseline("raw relay hop ÷ one raw gRPC unary call",
              (relay - raw) / raw))));
      f.figure(Figure.of("cross.forwarded-vs-relay", "node Call via a non-owner ÷ raw relay → "
          + "echo, p50 (the same two hops)", forwarded / relay, "×"));
      f.note("Reading the forwarding goal: the hop a node adds (" + Numbers.format(hop)
          + " µs at p50) is " + Numbers.format(hop / raw) + "× one raw gRPC call, but the same hop "
          + "made by a raw grpc-java relay costs " + Numbers.format(relay - raw) + " µs, "
          + Numbers.format((relay - raw) / raw) + "× a raw call, on this machine: a relay pays a "
          + "server side and a client side plus two thread hand-offs. Against that like-for-like "
          + "baseline the node's hop is " + Numbers.format(hop / (relay - raw)) + "×, and the "
          + "whole two-hop node call is " + Numbers.format(forwarded / relay) + "× the raw "
          + "two-hop relay.");
    }
    if (hs.containsKey(FORWARDED_MTLS) && hs.containsKey(FORWARDED)) {
      reportMtls(f, hs);
    }
    List<String> cats = List.of("p50", "p90", "p99");
    List<Series> series = new ArrayList<>();
    for (Map.Entry<String, Histogram> e : hs.entrySet()) {
      List<Double> ys = new ArrayList<>();
      for (double p : new double[] {50, 90, 99}) {
        ys.add(Interleaved.micros(e.getValue(), p));
      }
      series.add(Series.bars(e.getKey(), ys));
    }
    f.chart(new Chart("cross-node-latency", "Call over loopback: node vs raw gRPC (same run)",
        Chart.Kind.BARS, "percentile", "µs", cats, series, false));
    f.note("Every kind of call ran " + Numbers.format(hs.get(RAW).getTotalCount())
        + " times, interleaved in 10 rounds after a warm-up.");
  }

  /**
   * The peer-mTLS figures, each beside its plaintext twin of the same run: the forwarded call
   * (p50, p99), the call to the owner (client port plaintext in both clusters, but its Raft
   * commit crosses the peer plane) and the forwarding hop.
   */
  private static void reportMtls(Findings.Builder f, Map<String, Histogram> hs) {
    double plain50 = Interleaved.micros(hs.get(FORWARDED), 50);
    double plain99 = Interleaved.micros(hs.get(FORWARDED), 99);
    double tls50 = Interleaved.micros(hs.get(FORWARDED_MTLS), 50);
    double tls99 = Interleaved.micros(hs.get(FORWARDED_MTLS), 99);
    f.figure(new Figure("cross.forwarded-mtls.p50", FORWARDED_MTLS + " p50", tls50, "µs",
        List.of(new Baseline(FORWARDED + " p50", plain50))));
    f.figure(new Figure("cross.forwarded-mtls.p99", FORWARDED_MTLS + " p99", tls99, "µs",
        List.of(new Baseline(FORWARDED + " p99", plain99))));
    String more = "With mutual TLS on the peer plane the forwarded call took "
        + Numbers.format(tls50) + " µs at p50 and " + Numbers.format(tls99) + " µs at p99, "
        + "against " + Numbers.format(plain50) + " and " + Numbers.format(plain99) + " µs in "
        + "plaintext (" + Numbers.format(tls50 / plain50) + "× and "
        + Numbers.format(tls99 / plain99) + "×)";
    if (hs.containsKey(DIRECT_MTLS) && hs.containsKey(DIRECT)) {
      double direct = Interleaved.micros(hs.get(DIRECT), 50);
      double tlsDirect = Interleaved.micros(hs.get(DIRECT_MTLS), 50);
      f.figure(new Figure("cross.direct-mtls.p50", DIRECT_MTLS + " p50", tlsDirect, "µs",
          List.of(new Baseline(DIRECT + " p50", direct))));
      f.figure(new Figure("forward.hop-mtls", "the forwarding hop with peer mTLS: via a "
          + "non-owner − to the owner, p50", tls50 - tlsDirect, "µs", List.of(new Baseline(
              "the forwarding hop in plaintext, p50", plain50 - direct))));
      more += "; the hop alone (via a non-owner − to the owner, p50) is "
          + Numbers.format(tls50 - tlsDirect) + " µs against " + Numbers.format(plain50 - direct)
          + " µs";
    }
    f.note(more + ". The client's hop is plaintext in both clusters; mTLS covers the peer plane: "
        + "n1 → n2 (Peer) on the forwarded call and, since the node's counters are "
        + "`REPLICATED` by default, the Raft append from the owner to the other node that every "
        + "call, direct or forwarded, waits for. Reproduce with `./switchboard bench --only "
        + "cross-node`.");
  }
}
