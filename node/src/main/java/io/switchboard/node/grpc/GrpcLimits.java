package io.switchboard.node.grpc;

import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The connection limits of the node's gRPC server, so that no client holds a connection, a stream
 * slot or the server's attention for ever. The defaults ({@link #DEFAULTS}) and why:
 *
 * <ul>
 *   <li>{@code maxConnectionIdle} 5 min — a connection without a call for that long gets a GOAWAY
 *       (clients reconnect on their next call): idle sockets do not pile up;
 *   <li>{@code maxConnectionAge} 1 h, then {@code maxConnectionAgeGrace} 30 s — every connection
 *       is renewed hourly (it spreads clients over nodes again behind a load balancer); calls
 *       still running get the grace, then are cancelled (a heartbeat stream reopens at the next
 *       beat, well inside its lease);
 *   <li>{@code keepAliveTime} 1 min / {@code keepAliveTimeout} 20 s — the server pings a
 *       connection silent for a minute and closes it when no answer comes: half-open connections
 *       of vanished clients go;
 *   <li>{@code permitKeepAliveTime} 1 min, {@code permitKeepAliveWithoutCalls} false — a client
 *       may ping at most once a minute and only while it has calls (more often, and the server
 *       answers GOAWAY {@code too_many_pings}); grpc-java's own clients never ping by default;
 *   <li>{@code maxConcurrentCallsPerConnection} 10 000 — the same as an event loop's inbox: one
 *       connection cannot open more streams than a loop would queue;
 *   <li>{@code maxRstFramesPerWindow} 10 000 per 10 s — the HTTP/2 "rapid reset" flood closes the
 *       connection, while clients cancelling calls at deadlines stay far below it;
 *   <li>{@code handshakeTimeout} 10 s (gRPC: 120 s) — a connection that does not finish its
 *       HTTP/2 (or TLS) handshake is closed;
 *   <li>{@code maxInboundMetadataSize} 8 KiB (gRPC's default, written down) — request headers.
 * </ul>
 *
 * The message size bound is {@code --max-message-bytes}, applied next to these. Immutable.
 */
public record GrpcLimits(
    Duration maxConnectionIdle,
    Duration maxConnectionAge,
    Duration maxConnectionAgeGrace,
    Duration keepAliveTime,
    Duration keepAliveTimeout,
    Duration permitKeepAliveTime,
    boolean permitKeepAliveWithoutCalls,
    int maxConcurrentCallsPerConnection,
    int maxRstFrames,
    Duration rstFramesWindow,
    Duration handshakeTimeout,
    int maxInboundMetadataBytes) {

  /** The values listed in the class comment. */
  public static final GrpcLimits DEFAULTS = new GrpcLimits(Duration.ofMinutes(5),
      Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(20),
      Duration.ofMinutes(1), false, 10_000, 10_000, Duration.ofSeconds(10), Duration.ofSeconds(10),
      8 * 1024);

  /** Validates: every duration and bound positive. */
  public GrpcLimits {
    for (Duration d : new Duration[] {maxConnectionIdle, maxConnectionAge, maxConnectionAgeGrace,
        keepAliveTime, keepAliveTimeout, permitKeepAliveTime, rstFramesWindow,
        handshakeTimeout}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("gRPC limits must be positive durations: " + d);
      }
    }
    if (maxConcurrentCallsPerConnection < 1 || maxRstFrames < 1 || maxInboundMetadataBytes < 1) {
      throw new IllegalArgumentException("gRPC bounds must be positive");
    }
  }

  /** The same limits with another idle bound (tests use a short one to see it act). */
  public GrpcLimits withMaxConnectionIdle(Duration idle) {
    return new GrpcLimits(idle, maxConnectionAge, maxConnectionAgeGrace, keepAliveTime,
        keepAliveTimeout, permitKeepAliveTime, permitKeepAliveWithoutCalls,
        maxConcurrentCallsPerConnection, maxRstFrames, rstFramesWindow, handshakeTimeout,
        maxInboundMetadataBytes);
  }

  /** Applies the limits every gRPC transport knows; returns {@code builder}. */
  public <T extends ServerBuilder<T>> T applyTo(T builder) {
    return builder
        .maxConnectionIdle(maxConnectionIdle.toNanos(), TimeUnit.NANOSECONDS)
        .maxConnectionAge(maxConnectionAge.toNanos(), TimeUnit.NANOSECONDS)
        .maxConnectionAgeGrace(maxConnectionAgeGrace.toNanos(), TimeUnit.NANOSECONDS)
        .keepAliveTime(keepAliveTime.toNanos(), TimeUnit.NANOSECONDS)
        .keepAliveTimeout(keepAliveTimeout.toNanos(), TimeUnit.NANOSECONDS)
        .permitKeepAliveTime(permitKeepAliveTime.toNanos(), TimeUnit.NANOSECONDS)
        .permitKeepAliveWithoutCalls(permitKeepAliveWithoutCalls)
        .handshakeTimeout(handshakeTimeout.toNanos(), TimeUnit.NANOSECONDS)
        .maxInboundMetadataSize(maxInboundMetadataBytes);
  }

  /** {@link #applyTo(ServerBuilder)} plus the Netty-only limits; returns {@code builder}. */
  public NettyServerBuilder applyToNetty(NettyServerBuilder builder) {
    return applyTo(builder)
        .maxConcurrentCallsPerConnection(maxConcurrentCallsPerConnection)
        .maxRstFramesPerWindow(maxRstFrames, (int) rstFramesWindow.toSeconds());
  }
}
