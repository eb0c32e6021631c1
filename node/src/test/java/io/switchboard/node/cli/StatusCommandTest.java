package io.switchboard.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.Membership;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

  @Test
  void text_viewThenEveryShard_unknownLeaderAsDash_replicasOnlyWhereHeld() {
    Membership m = new Membership("n2",
        List.of(new Membership.Member("n1", "h1:1"), new Membership.Member("n2", "h2:2")), 5, 3,
        true, List.of(new Membership.Shard(0, "n1", List.of("n1", "n2", "n3")),
            new Membership.Shard(1, "", List.of())));
    assertThat(StatusCommand.text(m).lines()).containsExactly(
        "node n2, view epoch 5, 2 members of 3 expected, quorum yes",
        "member n1 h1:1",
        "member n2 h2:2",
        "shard 0 leader n1 replicas n1,n2,n3",
        "shard 1 leader -",
        "2 shards, 1 without a known leader");
  }

  @Test
  void text_standalone_noShardLines() {
    Membership m = new Membership("solo", List.of(new Membership.Member("solo", "h:1")), 0, 1,
        true, List.of());
    assertThat(StatusCommand.text(m).lines()).containsExactly(
        "node solo, view epoch 0, 1 members of 1 expected, quorum yes", "member solo h:1");
  }
}
