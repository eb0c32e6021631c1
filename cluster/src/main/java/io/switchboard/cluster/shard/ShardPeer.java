package io.switchboard.cluster.shard;

import io.switchboard.cluster.membership.HostPort;
import java.util.Objects;

/**
 * One replica of a shard as Raft sees it: the member's name (its Raft peer id) and its peer
 * endpoint ({@code --peer-port}). Immutable.
 */
public record ShardPeer(String member, HostPort address) {

  /** Validates the parts. */
  public ShardPeer {
    Objects.requireNonNull(member, "member");
    if (member.isBlank()) {
      throw new IllegalArgumentException("member name must not be blank");
    }
    Objects.requireNonNull(address, "address");
  }
}
