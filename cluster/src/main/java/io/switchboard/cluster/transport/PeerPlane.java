package io.switchboard.cluster.transport;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.ratis.grpc.server.GrpcServices;
import org.apache.ratis.thirdparty.io.grpc.ServerServiceDefinition;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyServerBuilder;

/**
 * The node's side of the peer plane ({@code --peer-port}): the {@code Peer} service, served on
 * the same port (and with the same TLS) as the node's Raft server. Apache Ratis owns that
 * server and its shaded copy of gRPC; {@link #customizer()} adds the {@code Peer} methods to it,
 * each call relayed ({@link ShadedBridge}) to the services here, which run on an in-process
 * grpc-java server behind {@link PeerInputs} (names judged first) and {@link ForwardAcks} (a
 * forward can be acknowledged before it is answered) — so the client port serves only {@code
 * Switchboard}, health and reflection.
 *
 * <p>Every call is admitted or refused by {@code admission} (remote address, see {@link
 * PeerAdmission}) before it reaches a service. Thread-safe; {@link #close} stops the in-process
 * server.
 */
public final class PeerPlane implements AutoCloseable {
  private final Server server;
  private final ManagedChannel channel;
  private final List<ServerServiceDefinition> bridged;

  private PeerPlane(Server server, ManagedChannel channel, List<ServerServiceDefinition> bridged) {
    this.server = server;
    this.channel = channel;
    this.bridged = bridged;
  }

  /**
   * Starts the in-process side of {@code services} (each guarded by {@link PeerInputs}).
   *
   * @param maxMessageBytes the largest request accepted ({@code --max-message-bytes})
   */
  public static PeerPlane start(String member, List<BindableService> services,
      Function<SocketAddress, Optional<String>> admission, int maxMessageBytes) {
    String name = "peer-plane-" + member + "-" + UUID.randomUUID();
    InProcessServerBuilder b = InProcessServerBuilder.forName(name)
        .maxInboundMessageSize(maxMessageBytes);
    services.forEach(s -> b.addService(
        io.grpc.ServerInterceptors.intercept(PeerInputs.guard(s), ForwardAcks.INSTANCE)));
    Server server;
    try {
      server = b.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the in-process peer server", e);
    }
    ManagedChannel channel = InProcessChannelBuilder.forName(name)
        .maxInboundMessageSize(Integer.MAX_VALUE) // answers were bounded where they were made
        .build();
    List<ServerServiceDefinition> bridged = services.stream()
        .map(s -> ShadedBridge.bridge(s.bindService().getServiceDescriptor(), channel, admission))
        .toList();
    return new PeerPlane(server, channel, bridged);
  }

  /** Adds the {@code Peer} services to the Ratis server that serves Raft's own. */
  public GrpcServices.Customizer customizer() {
    return (NettyServerBuilder builder, EnumSet<GrpcServices.Type> types) -> {
      if (types.contains(GrpcServices.Type.SERVER)) {
        bridged.forEach(builder::addService);
      }
      return builder;
    };
  }

  /** The relayed services, for a server of Ratis' shaded gRPC other than Ratis' own (tests). */
  public List<ServerServiceDefinition> services() {
    return bridged;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
    try {
      server.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
