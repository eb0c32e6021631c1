package io.switchboard.client;

import java.util.List;
import java.util.Objects;

/**
 * One membership view, as the answering node saw it.
 *
 * @param self the answering node's logical name
 * @param members the members in view order, the coordinator first
 * @param epoch the view's fencing epoch (0 for a standalone node)
 * @param expectedSize the configured cluster size ({@code --expected-size})
 * @param quorum whether the view holds a strict majority of {@code expectedSize}
 * @param shards the cluster's shards as the answering node knows them, in shard order (empty for
 *     a standalone node)
 */
public record Membership(String self, List<Member> members, long epoch, int expectedSize,
    boolean quorum, List<Shard> shards) {

  public Membership {
    Objects.requireNonNull(self, "self");
    members = List.copyOf(members);
    shards = List.copyOf(shards);
  }

  /**
   * One shard (a Raft group) as the answering node knows it.
   *
   * @param shard its number, 0..S-1
   * @param leader the member the answering node believes leads it; empty when none is known
   * @param replicas the members holding its replicas when the answering node holds one, else
   *     empty
   */
  public record Shard(int shard, String leader, List<String> replicas) {
    public Shard {
      Objects.requireNonNull(leader, "leader");
      replicas = List.copyOf(replicas);
    }
  }

  /** The members' names, in view order. */
  public List<String> names() {
    return members.stream().map(Member::name).toList();
  }

  /**
   * One node of the cluster.
   *
   * @param name its logical name ({@code --name})
   * @param endpoint its gRPC endpoint, {@code host:port}
   */
  public record Member(String name, String endpoint) {
    public Member {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(endpoint, "endpoint");
    }
  }
}
