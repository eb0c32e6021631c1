package io.switchboard.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Slow clients (slowloris: half a request, then silence) against the real HTTP endpoints. */
@Timeout(90)
class HttpSlowClientsTest {
  private static final int SLOW = 40;

  @Test
  void healthLive_manySlowClientsHoldingThreads_stillAnswers_andTheyAreCutAfterTheTimeout()
      throws Exception {
    try (HttpEndpoints http = HttpEndpoints.start("127.0.0.1", 0, () -> "", Optional::empty)) {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < SLOW; i++) {
          Socket s = new Socket("127.0.0.1", http.port());
          s.setSoTimeout(30_000);
          s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: slow\r\n"
              .getBytes(StandardCharsets.US_ASCII)); // the blank line never comes
          s.getOutputStream().flush();
          slow.add(s);
        }
        Await.until(SLOW + " half requests each hold an HTTP thread", Duration.ofSeconds(20),
            () -> httpThreads() >= SLOW);

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest live = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + http.port() + "/health/live"))
            .timeout(Duration.ofSeconds(2)).build();
        for (int i = 0; i < 3; i++) {
          HttpResponse<String> r = client.send(live, HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.body()).isEqualTo("live\n");
        }

        long start = System.nanoTime();
        for (Socket s : slow) {
          assertThat(closedByServer(s.getInputStream())).as("a slow client is cut").isTrue();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(HttpEndpoints.REQUEST_TIMEOUT.plusSeconds(10));
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  /** Blocks until the server closes the connection (true), or the socket timeout (false). */
  private static boolean closedByServer(InputStream in) throws IOException {
    try {
      return in.read() == -1 || in.read() == -1;
    } catch (SocketException reset) {
      return true;
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    }
  }

  private static long httpThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("switchboard-http") && t.isAlive()).count();
  }
}
