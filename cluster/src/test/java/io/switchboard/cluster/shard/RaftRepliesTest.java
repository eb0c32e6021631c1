package io.switchboard.cluster.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.junit.jupiter.api.Test;

/** Which Ratis failure becomes which {@link ShardReply}: the table the edge relies on. */
class RaftRepliesTest {

  private static final ShardId SHARD = new ShardId(1);
  private static final ShardConfig CONFIG = ShardConfig.of("n1",
      new io.switchboard.cluster.membership.HostPort("127.0.0.1", 1), java.nio.file.Path.of("x"),
      Shards.defaults()).withCommitTimeout(Duration.ofMillis(1500));
  private static final RaftGroupMemberId ME =
      RaftGroupMemberId.valueOf(RaftPeerId.valueOf("n1"), RaftGroupId.randomId());

  private static ShardReply<Object> of(Throwable t) {
    return RaftReplies.failure(SHARD, new CompletionException(t), CONFIG);
  }

  @Test
  void failures_mapToValues() {
    RaftPeer n2 = RaftPeer.newBuilder().setId("n2").setAddress("127.0.0.1:2").build();
    assertThat(of(new TimeoutException()))
        .isEqualTo(new ShardReply.Timeout<>(SHARD, Duration.ofMillis(1500)));
    assertThat(of(new NotLeaderException(ME, n2, List.of(n2))))
        .isEqualTo(new ShardReply.NotLeader<>(SHARD, Optional.of("n2")));
    assertThat(of(new NotLeaderException(ME, null, List.of())))
        .isEqualTo(new ShardReply.NotLeader<>(SHARD, Optional.empty()));
    assertThat(of(new GroupMismatchException("not hosted")))
        .isEqualTo(new ShardReply.NotLeader<>(SHARD, Optional.empty()));
    assertThat(of(new LeaderNotReadyException(ME))).isInstanceOf(ShardReply.Unavailable.class);
    assertThat(of(new ResourceUnavailableException("full")))
        .isEqualTo(new ShardReply.Unavailable<>(SHARD, "overloaded: full"));
    assertThat(of(new AlreadyClosedException("closed")))
        .isInstanceOf(ShardReply.Unavailable.class);
    assertThat(of(new StateMachineException(ME, new ShardDataException(SHARD, "too big"))))
        .isEqualTo(new ShardReply.Refused<>(SHARD, "too big"));
    assertThat(of(new IOException("disk"))).isInstanceOf(ShardReply.Unavailable.class);
  }
}
