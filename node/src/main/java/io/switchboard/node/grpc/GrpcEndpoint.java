package io.switchboard.node.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.switchboard.proto.v1.SwitchboardGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The node's gRPC server: the public service, {@code grpc.health.v1.Health}, server reflection
 * (v1 and v1alpha, so any {@code grpcurl} works) and services added after start (the cluster's
 * Peer service, once the bound port is known).
 *
 * <p>Bounds: inbound messages up to {@code --max-message-bytes} (larger ones fail with
 * RESOURCE_EXHAUSTED before any handler runs); connection age, idleness, keepalive and
 * concurrent calls per connection as {@link GrpcLimits} says (on TCP); handlers
 * only validate and enqueue, so a few threads serve them, with a bounded queue whose overflow
 * runs the handler on the transport thread (back-pressure, never a drop). Thread-safe.
 */
public final class GrpcEndpoint implements AutoCloseable {
  private final Server server;
  private final ThreadPoolExecutor executor;
  private final HealthStatusManager health;

  private GrpcEndpoint(Server server, ThreadPoolExecutor executor, HealthStatusManager health) {
    this.server = server;
    this.executor = executor;
    this.health = health;
  }

  /**
   * Binds and starts, health {@code NOT_SERVING} until {@link #serving}.
   *
   * @param transport a server builder to use (e.g. in-process, in tests), or {@code null} for
   *     TCP on {@code host:port} (0 = any free port)
   */
  public static GrpcEndpoint start(@Nullable ServerBuilder<?> transport, String host, int port,
      int maxMessageBytes, BindableService publicService) throws IOException {
    return start(transport, host, port, maxMessageBytes, GrpcLimits.DEFAULTS, publicService);
  }

  /** {@link #start(ServerBuilder, String, int, int, BindableService)} with other limits. */
  public static GrpcEndpoint start(@Nullable ServerBuilder<?> transport, String host, int port,
      int maxMessageBytes, GrpcLimits limits, BindableService publicService) throws IOException {
    return start(transport, host, port, maxMessageBytes, limits,
        InsecureServerCredentials.create(), publicService);
  }

  /**
   * {@link #start(ServerBuilder, String, int, int, GrpcLimits, BindableService)} with {@code
   * credentials} on the TCP port ({@code --client-tls}; unused with a given {@code transport}).
   */
  public static GrpcEndpoint start(@Nullable ServerBuilder<?> transport, String host, int port,
      int maxMessageBytes, GrpcLimits limits, ServerCredentials credentials,
      BindableService publicService) throws IOException {
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus("", ServingStatus.NOT_SERVING);
    health.setStatus(SwitchboardGrpc.SERVICE_NAME, ServingStatus.NOT_SERVING);
    ThreadPoolExecutor executor = executor();
    ServerBuilder<?> builder = transport != null ? transport
        : limits.applyToNetty(
            NettyServerBuilder.forAddress(new InetSocketAddress(host, port), credentials));
    Server server = builder
        .addService(publicService)
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance())
        .addService(legacyReflection())
        .executor(executor)
        .maxInboundMessageSize(maxMessageBytes)
        .build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      executor.shutdownNow();
      throw e;
    }
    return new GrpcEndpoint(server, executor, health);
  }

  /** The bound port ({@code -1} on a transport without ports, such as in-process). */
  public int port() {
    return server.getPort();
  }

  /** Sets the health of the node and of the public service. */
  public void serving(boolean ready) {
    ServingStatus status = ready ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    health.setStatus("", status);
    health.setStatus(SwitchboardGrpc.SERVICE_NAME, status);
  }

  /** Stops: no new calls, running ones get one second, then the rest are cancelled. Blocks. */
  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(1, TimeUnit.SECONDS)) {
        server.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.shutdownNow();
    } finally {
      executor.shutdownNow();
    }
  }

  /** Reflection v1alpha, still the only one older grpcurl releases ask for. */
  @SuppressWarnings("deprecation")
  private static BindableService legacyReflection() {
    return io.grpc.protobuf.services.ProtoReflectionService.newInstance();
  }

  private static ThreadPoolExecutor executor() {
    int n = Math.max(2, Runtime.getRuntime().availableProcessors());
    ThreadPoolExecutor e = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(10_000), r -> {
          Thread t = new Thread(r, "switchboard-grpc");
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    e.allowCoreThreadTimeOut(true);
    return e;
  }
}
