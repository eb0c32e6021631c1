package io.switchboard.bench.remote;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's own failover timings, read from its Prometheus text: the sum and count of
 * {@code switchboard_failover_seconds{phase}} per phase ({@code detect}, {@code place},
 * {@code restart}). Two snapshots give what one failover added.
 *
 * @param sums seconds per phase
 * @param counts observations per phase
 */
record FailoverMetrics(Map<String, Double> sums, Map<String, Double> counts) {
  private static final Pattern LINE = Pattern.compile(
      "^switchboard_failover_seconds_(sum|count)\\{[^}]*phase=\"(\\w+)\"[^}]*\\}\\s+(\\S+)",
      Pattern.MULTILINE);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static final FailoverMetrics EMPTY = new FailoverMetrics(Map.of(), Map.of());

  /** Parses Prometheus text; lines other than the failover histogram are ignored. Pure. */
  static FailoverMetrics parse(String text) {
    Map<String, Double> sums = new HashMap<>();
    Map<String, Double> counts = new HashMap<>();
    Matcher m = LINE.matcher(text);
    while (m.find()) {
      double v = Double.parseDouble(m.group(3));
      (m.group(1).equals("sum") ? sums : counts).merge(m.group(2), v, Double::sum);
    }
    return new FailoverMetrics(Map.copyOf(sums), Map.copyOf(counts));
  }

  /** Scrapes {@code http://127.0.0.1:<port>/metrics} (2 s bound); EMPTY if it cannot. */
  static FailoverMetrics scrape(int httpPort) throws InterruptedException {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
          .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? parse(r.body()) : EMPTY;
    } catch (IOException e) {
      return EMPTY;
    }
  }

  /**
   * Mean seconds per phase over the failovers recorded between {@code before} and this snapshot;
   * phases without a new observation are left out.
   */
  Map<String, Double> meanSince(FailoverMetrics before) {
    Map<String, Double> out = new HashMap<>();
    counts.forEach((phase, n) -> {
      double dn = n - before.counts.getOrDefault(phase, 0.0);
      if (dn > 0) {
        double ds = sums.getOrDefault(phase, 0.0) - before.sums.getOrDefault(phase, 0.0);
        out.put(phase, ds / dn);
      }
    });
    return out;
  }
}
