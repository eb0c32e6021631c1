package io.switchboard.cluster.jgroups;

import io.switchboard.cluster.membership.HostPort;
import io.switchboard.cluster.membership.Member;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jgroups.Address;
import org.jgroups.stack.AddressGenerator;
import org.jgroups.util.ExtendedUUID;

/**
 * Carries each member's logical name and gRPC endpoint inside its JGroups address.
 *
 * <p>The channel's {@link AddressGenerator} makes an {@link ExtendedUUID} holding {@value
 * #NAME_KEY} and {@value #GRPC_KEY} ({@code host:port}, UTF-8). JGroups serialises addresses with
 * their extra keys wherever it ships them — discovery, join, views, merge views — so every view
 * names every member's endpoint with no extra messages and no replicated map to keep in step.
 *
 * <p>Pure and thread-safe.
 */
final class MemberAddresses {

  /** Key of the member's logical name (the same as the channel's logical name). */
  static final String NAME_KEY = "name";

  /** Key of the member's gRPC endpoint, {@code host:port}. */
  static final String GRPC_KEY = "grpc";

  /** Key of the member's Raft port ({@code --peer-port}), decimal; absent when it runs none. */
  static final String PEER_KEY = "peer";

  private MemberAddresses() {}

  /** A generator of fresh addresses (one per channel incarnation) that carry {@code self}. */
  static AddressGenerator generator(Member self) {
    return new Generator(self);
  }

  /** Makes a random {@link ExtendedUUID} with the member's name and endpoint; thread-safe. */
  private static final class Generator implements AddressGenerator {
    private final byte[] name;
    private final byte[] grpc;
    private final byte[] peer;

    Generator(Member self) {
      this.name = self.name().getBytes(StandardCharsets.UTF_8);
      this.grpc = self.endpoint().toString().getBytes(StandardCharsets.UTF_8);
      this.peer = Integer.toString(self.peerPort()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Address generateAddress(String logicalName) {
      return ExtendedUUID.randomUUID().put(NAME_KEY, name.clone()).put(GRPC_KEY, grpc.clone())
          .put(PEER_KEY, peer.clone());
    }

    /** JGroups calls {@link #generateAddress(String)} since 5.2.15; kept for the interface. */
    @Deprecated
    @Override
    public Address generateAddress() {
      return generateAddress(null);
    }
  }

  /**
   * The member an address stands for, or empty when the address carries no endpoint (a channel that
   * is not a Switchboard node, or a malformed one).
   */
  static Optional<Member> decode(Address address) {
    if (!(address instanceof ExtendedUUID uuid)) {
      return Optional.empty();
    }
    byte[] name = uuid.get(NAME_KEY);
    byte[] grpc = uuid.get(GRPC_KEY);
    if (name == null || grpc == null) {
      return Optional.empty();
    }
    try {
      HostPort endpoint = HostPort.parse(new String(grpc, StandardCharsets.UTF_8));
      byte[] peer = uuid.get(PEER_KEY);
      int peerPort = peer == null ? 0 : Integer.parseInt(new String(peer, StandardCharsets.UTF_8));
      return Optional.of(Member.of(new String(name, StandardCharsets.UTF_8), endpoint, peerPort));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
