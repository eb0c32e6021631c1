package io.switchboard.node.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP side on {@code --http-port}, on the JDK's built-in server:
 *
 * <ul>
 *   <li>{@code GET /metrics} — Prometheus text ({@code text/plain; version=0.0.4});
 *   <li>{@code GET /health/live} — 200 while the process serves HTTP at all;
 *   <li>{@code GET /health/ready} — 200 {@code ready} only when ready, else 503 with the reason.
 * </ul>
 *
 * Other paths answer 404, other methods 405 (with {@code Allow: GET, HEAD}). Handlers run on a
 * small bounded pool (2 threads, 64 queued exchanges; beyond that the accepting thread runs the
 * exchange itself, which slows acceptance instead of dropping connections). Thread-safe.
 */
public final class HttpEndpoints implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpEndpoints.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final Supplier<String> metrics;
  private final Supplier<Optional<String>> notReady;

  private HttpEndpoints(HttpServer server, ThreadPoolExecutor executor, Supplier<String> metrics,
      Supplier<Optional<String>> notReady) {
    this.server = server;
    this.executor = executor;
    this.metrics = metrics;
    this.notReady = notReady;
  }

  /**
   * Binds {@code host:port} (0 = any free port) and starts serving.
   *
   * @param metrics produces the Prometheus text
   * @param notReady the reason the node is not ready, or empty when it is
   * @throws IOException when the address cannot be bound
   */
  public static HttpEndpoints start(String host, int port, Supplier<String> metrics,
      Supplier<Optional<String>> notReady) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
    ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(64), r -> {
          Thread t = new Thread(r, "switchboard-http");
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    HttpEndpoints endpoints = new HttpEndpoints(server, executor, metrics, notReady);
    server.createContext("/", endpoints::handle);
    server.setExecutor(executor);
    server.start();
    return endpoints;
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, TEXT, "method " + method + " not allowed; use GET\n");
        return;
      }
      switch (path) {
        case "/metrics" -> respond(exchange, 200, PROMETHEUS_TEXT, metrics.get());
        case "/health/live" -> respond(exchange, 200, TEXT, "live\n");
        case "/health/ready" -> {
          Optional<String> reason = notReady.get();
          respond(exchange, reason.isEmpty() ? 200 : 503, TEXT,
              reason.map(r -> "not ready: " + r).orElse("ready") + "\n");
        }
        default -> respond(exchange, 404, TEXT,
            "no such endpoint: " + path + " (try /metrics, /health/live, /health/ready)\n");
      }
    } catch (RuntimeException e) {
      log.warn("event=http_handler_failed error=\"{}\"", e.toString(), e);
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops accepting and closes the server at once (the node has drained by then). */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
