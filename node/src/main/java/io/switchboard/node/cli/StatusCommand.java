package io.switchboard.node.cli;

import io.switchboard.client.Membership;
import io.switchboard.client.SwitchboardClient;
import picocli.CommandLine.Command;

/**
 * {@code switchboard status --target host:port}: the target's view (members, epoch, quorum) and
 * the cluster's shards with their leaders, as the target knows them.
 */
@Command(name = "status",
    description = "Prints the target's members and quorum, then every shard with the leader the "
        + "target knows and, for the shards it holds a replica of, their replicas.")
final class StatusCommand extends ClientCommand {

  @Override
  String run(SwitchboardClient client) {
    return text(client.members());
  }

  /**
   * {@code node n2, view epoch 5, 3 members of 3 expected, quorum yes}, one line per member
   * ({@code member n1 127.0.0.1:50051}), then one line per shard: {@code shard 3 leader n2
   * replicas n1,n2,n3} ({@code leader -} when none is known, no replicas part when the target
   * holds none).
   */
  static String text(Membership m) {
    StringBuilder b = new StringBuilder("node ").append(m.self()).append(", view epoch ")
        .append(m.epoch()).append(", ").append(m.members().size()).append(" members of ")
        .append(m.expectedSize()).append(" expected, quorum ").append(m.quorum() ? "yes" : "no");
    for (Membership.Member member : m.members()) {
      b.append(System.lineSeparator()).append("member ").append(member.name()).append(' ')
          .append(member.endpoint());
    }
    long leaderless = 0;
    for (Membership.Shard s : m.shards()) {
      b.append(System.lineSeparator()).append("shard ").append(s.shard()).append(" leader ")
          .append(s.leader().isEmpty() ? "-" : s.leader());
      if (!s.replicas().isEmpty()) {
        b.append(" replicas ").append(String.join(",", s.replicas()));
      }
      if (s.leader().isEmpty()) {
        leaderless++;
      }
    }
    if (!m.shards().isEmpty()) {
      b.append(System.lineSeparator()).append(m.shards().size()).append(" shards, ")
          .append(leaderless).append(" without a known leader");
    }
    return b.toString();
  }
}
