package io.switchboard.node.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Plain HTTP GETs on 127.0.0.1 (a node's published metrics port, a test's Prometheus), each
 * bounded by {@link #TIMEOUT}. Thread-safe; blocks up to the timeout.
 */
final class Http {

  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  private Http() {}

  /** The status code of {@code GET path}, or -1 when nothing answers in time. */
  static int status(int port, String path) {
    return get(port, path).map(HttpResponse::statusCode).orElse(-1);
  }

  /** The body of {@code GET path} when it answers 200, else empty. */
  static Optional<String> body(int port, String path) {
    return get(port, path).filter(response -> response.statusCode() == 200).map(HttpResponse::body);
  }

  private static Optional<HttpResponse<String>> get(int port, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT).build();
    try {
      return Optional.of(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted during GET " + path, e);
    }
  }
}
