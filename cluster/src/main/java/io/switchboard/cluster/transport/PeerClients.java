package io.switchboard.cluster.transport;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.switchboard.client.tls.PemTls;
import org.jspecify.annotations.Nullable;
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
  private final ChannelCredentials credentials;

  /** Plaintext peer links. */
  public PeerClients(int maxMessageBytes) {
    this(maxMessageBytes, null);
  }

  /**
   * Peer links with mutual TLS from {@code tls} (our certificate, the peers' verified against the
   * CA and their advertised host name), or plaintext when {@code null}.
   */
  public PeerClients(int maxMessageBytes, @Nullable PemTls tls) {
    this.maxMessageBytes = maxMessageBytes;
    this.credentials = tls == null ? InsecureChannelCredentials.create() : tls.channelCredentials();
  }

  /**
   * The async stub for {@code member}'s peer plane ({@code host:peerPort}).
   *
   * @throws IllegalArgumentException when the member published no peer port (every node does)
   */
  public PeerGrpc.PeerStub stub(Member member) {
    if (member.peerPort() == 0) {
      throw new IllegalArgumentException(member + " publishes no peer port");
    }
    ManagedChannel ch = channels.computeIfAbsent(key(member), ep ->
        NettyChannelBuilder.forAddress(member.host(), member.peerPort(), credentials)
            .maxInboundMessageSize(maxMessageBytes)
            .build());
    return PeerGrpc.newStub(ch);
  }

  private static String key(Member m) {
    return m.host() + ":" + m.peerPort();
  }

  /**
   * Makes the channel to {@code member}, if there is one, reconnect at once instead of waiting
   * out its reconnect backoff: for a member that (re)joined the view, whose channel may still be
   * backing off after it was unreachable (RPCs fail fast meanwhile). Never blocks.
   */
  public void resetBackoff(Member member) {
    ManagedChannel ch = channels.get(key(member));
    if (ch != null) {
      ch.resetConnectBackoff();
    }
  }

  /** Closes channels to endpoints not in {@code endpoints}. */
  public void retain(java.util.Collection<Member> members) {
    java.util.Set<String> keep = new java.util.HashSet<>();
    members.forEach(m -> keep.add(key(m)));
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
