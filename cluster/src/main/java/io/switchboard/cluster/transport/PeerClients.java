package io.switchboard.cluster.transport;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.switchboard.cluster.membership.Member;
import io.switchboard.proto.v1.PeerGrpc;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel per peer endpoint, created on first use and reused for every call (channels
 * multiplex; creating one per call would cost a TCP and HTTP/2 handshake). Bounded by the number
 * of members ever seen; {@link #retain} closes channels of members that left. Thread-safe.
 */
public final class PeerClients implements AutoCloseable {
  private final ConcurrentHashMap<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final int maxMessageBytes;

  public PeerClients(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  /** The async stub for {@code member}. */
  public PeerGrpc.PeerStub stub(Member member) {
    ManagedChannel ch = channels.computeIfAbsent(member.endpoint().toString(), ep ->
        NettyChannelBuilder.forAddress(member.host(), member.port())
            .usePlaintext()
            .maxInboundMessageSize(maxMessageBytes)
            .build());
    return PeerGrpc.newStub(ch);
  }

  /** Closes channels to endpoints not in {@code endpoints}. */
  public void retain(java.util.Collection<Member> members) {
    java.util.Set<String> keep = new java.util.HashSet<>();
    members.forEach(m -> keep.add(m.endpoint().toString()));
    channels.entrySet().removeIf(e -> {
      if (keep.contains(e.getKey())) {
        return false;
      }
      e.getValue().shutdown();
      return true;
    });
  }

  @Override
  public void close() {
    for (ManagedChannel ch : channels.values()) {
      ch.shutdownNow();
      try {
        ch.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    channels.clear();
  }
}
