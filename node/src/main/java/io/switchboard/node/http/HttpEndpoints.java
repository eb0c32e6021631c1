package io.switchboard.node.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 *   <li>{@code GET /health/ready} — 200 {@code ready} only when ready, else 503 with the reason;
 *   <li>{@code GET /api/v1/tree} — the supervision trees as JSON (the {@code Tree} reply, as
 *       {@code switchboard tree --json} prints it); 503 when the trees do not answer in time.
 * </ul>
 *
 * Other paths answer 404, other methods 405 (with {@code Allow: GET, HEAD}). Thread-safe.
 *
 * <h2>Bounds: slow clients cannot starve liveness</h2>
 *
 * The JDK server reads a request on the pool thread that then runs its handler, so a client that
 * sends half a request holds a thread. Hence:
 *
 * <ul>
 *   <li>a request must arrive whole within {@link #REQUEST_TIMEOUT} (5 s) and its response be
 *       taken within {@link #RESPONSE_TIMEOUT} (10 s), else the connection is closed; a
 *       connection that sends nothing is closed after the request timeout too;
 *   <li>exchanges run on at most {@link #THREADS} (64) threads, created on demand, with
 *       {@link #QUEUE} (16) waiting; beyond that the connection is closed at once (the accepting
 *       thread never runs an exchange, so it never blocks on a slow client);
 *   <li>at most {@link #MAX_CONNECTIONS} (256) connections are open; at most 32 request headers
 *       of 16 KiB in all.
 * </ul>
 *
 * So up to 64 slow clients at once leave {@code /health/live} answering at full speed; more are
 * refused or cut after 5 s. The timeouts and header limits are the JDK's
 * {@code sun.net.httpserver.*} and {@code jdk.httpserver.maxConnections} properties: JVM-wide,
 * read when the first HTTP server of the JVM is created, so this class sets them before that
 * unless the command line did ({@code -Dsun.net.httpserver.maxReqTime=…} wins).
 */
public final class HttpEndpoints implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpEndpoints.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String JSON = "application/json; charset=utf-8";

  /** The longest a request may take to arrive. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  /** The longest a response may take to be sent. */
  public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);
  /** Threads reading and serving exchanges, at most. */
  public static final int THREADS = 64;
  /** Exchanges waiting for a thread, at most. */
  public static final int QUEUE = 16;
  /** Open connections, at most. */
  public static final int MAX_CONNECTIONS = 256;

  static {
    setIfAbsent("sun.net.httpserver.maxReqTime", REQUEST_TIMEOUT.toSeconds());
    setIfAbsent("sun.net.httpserver.maxRspTime", RESPONSE_TIMEOUT.toSeconds());
    setIfAbsent("jdk.httpserver.maxConnections", MAX_CONNECTIONS);
    setIfAbsent("sun.net.httpserver.maxReqHeaders", 32);
    setIfAbsent("sun.net.httpserver.maxReqHeaderSize", 16 * 1024);
  }

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final Supplier<String> metrics;
  private final Supplier<Optional<String>> notReady;
  private final Supplier<String> tree;

  private HttpEndpoints(HttpServer server, ThreadPoolExecutor executor, Supplier<String> metrics,
      Supplier<Optional<String>> notReady, Supplier<String> tree) {
    this.server = server;
    this.executor = executor;
    this.metrics = metrics;
    this.notReady = notReady;
    this.tree = tree;
  }

  /**
   * {@link #start(String, int, Supplier, Supplier, Supplier)} without trees: {@code /api/v1/tree}
   * answers an empty reply ({@code {}}).
   */
  public static HttpEndpoints start(String host, int port, Supplier<String> metrics,
      Supplier<Optional<String>> notReady) throws IOException {
    return start(host, port, metrics, notReady, () -> "{}\n");
  }

  /**
   * Binds {@code host:port} (0 = any free port) and starts serving.
   *
   * @param metrics produces the Prometheus text
   * @param notReady the reason the node is not ready, or empty when it is
   * @param tree the trees as JSON; may block (bounded) on the HTTP thread, and throws when they
   *     do not answer in time
   * @throws IOException when the address cannot be bound
   */
  public static HttpEndpoints start(String host, int port, Supplier<String> metrics,
      Supplier<Optional<String>> notReady, Supplier<String> tree) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
    ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE), r -> {
          Thread t = new Thread(r, "switchboard-http");
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy()); // the server closes a refused connection
    executor.allowCoreThreadTimeOut(true);
    HttpEndpoints endpoints = new HttpEndpoints(server, executor, metrics, notReady, tree);
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
        case "/api/v1/tree" -> tree(exchange);
        default -> respond(exchange, 404, TEXT, "no such endpoint: " + path
            + " (try /metrics, /health/live, /health/ready, /api/v1/tree)\n");
      }
    } catch (RuntimeException e) {
      log.warn("event=http_handler_failed error=\"{}\"", e.toString(), e);
    }
  }

  private void tree(HttpExchange exchange) throws IOException {
    String json;
    try {
      json = tree.get();
    } catch (RuntimeException e) {
      respond(exchange, 503, TEXT, "the trees did not answer: " + e.getMessage() + "\n");
      return;
    }
    respond(exchange, 200, JSON, json);
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

  private static void setIfAbsent(String property, long value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, Long.toString(value));
    }
  }

  /** Stops accepting and closes the server at once (the node has drained by then). */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
