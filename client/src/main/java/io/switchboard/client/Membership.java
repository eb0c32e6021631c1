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
 */
public record Membership(
    String self, List<Member> members, long epoch, int expectedSize, boolean quorum) {

  public Membership {
    Objects.requireNonNull(self, "self");
    members = List.copyOf(members);
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
