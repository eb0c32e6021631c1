package io.switchboard.cluster.shard;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ReadException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.apache.ratis.protocol.exceptions.StateMachineException;

/**
 * Ratis' replies and exceptions as {@link ShardReply} values: the one place that knows which Ratis
 * exception means what for a caller. Pure.
 */
final class RaftReplies {

  private RaftReplies() {}

  static <T> ShardReply<T> of(
      ShardId shard, RaftClientReply reply, ShardReplicas.ReplyDecoder<T> decoder) {
    if (reply.isSuccess()) {
      try {
        return new ShardReply.Ok<>(shard, decoder.decode(reply));
      } catch (ShardDataException e) {
        // committed (for a write) but unreadable here: a format mismatch between nodes
        return new ShardReply.Unavailable<>(shard,
            "unreadable reply at index " + reply.getLogIndex() + ": " + e.reason());
      }
    }
    return reply.getException() == null
        ? new ShardReply.Unavailable<>(shard, "failed without a reason: " + reply)
        : failure(shard, reply.getException(), null);
  }

  /** The value for a failure; {@code config} gives the bound a timeout is reported with. */
  static <T> ShardReply<T> failure(ShardId shard, Throwable error, ShardConfig config) {
    Throwable t = unwrap(error);
    if (t instanceof TimeoutException && config != null) {
      return new ShardReply.Timeout<>(shard, config.commitTimeout());
    }
    if (t instanceof NotLeaderException nle) {
      return new ShardReply.NotLeader<>(shard, Optional.ofNullable(nle.getSuggestedLeader())
          .map(p -> p.getId().toString()));
    }
    if (t instanceof GroupMismatchException || t instanceof LeaderSteppingDownException) {
      return new ShardReply.NotLeader<>(shard, Optional.empty());
    }
    if (t instanceof LeaderNotReadyException) {
      return new ShardReply.Unavailable<>(shard,
          "the new leader is still applying entries of earlier terms");
    }
    if (t instanceof StateMachineException && t.getCause() instanceof ShardDataException data) {
      return new ShardReply.Refused<>(shard, data.reason());
    }
    if (t instanceof ReadIndexException || t instanceof ReadException) {
      return new ShardReply.Unavailable<>(shard, "no linearizable read now: " + t.getMessage());
    }
    if (t instanceof AlreadyClosedException || t instanceof ServerNotReadyException) {
      return new ShardReply.Unavailable<>(shard, "the replica is not running: " + t.getMessage());
    }
    if (t instanceof ResourceUnavailableException) {
      return new ShardReply.Unavailable<>(shard, "overloaded: " + t.getMessage());
    }
    return new ShardReply.Unavailable<>(shard, String.valueOf(t));
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
