package io.switchboard.cluster.shard;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of a commit or a read on a shard: a value, or why there is none. Operating errors
 * are values here; the edge maps them to gRPC status codes ({@code NotLeader} → forward or
 * {@code UNAVAILABLE}, {@code Timeout} → {@code DEADLINE_EXCEEDED} / {@code UNAVAILABLE}, {@code
 * Refused} → {@code INVALID_ARGUMENT} / {@code RESOURCE_EXHAUSTED}). Immutable.
 *
 * @param <T> the value of a success
 */
public sealed interface ShardReply<T> {

  /** The shard concerned. */
  ShardId shard();

  /** Done: for a commit, the entry is committed on a majority and applied here. */
  record Ok<T>(ShardId shard, T value) implements ShardReply<T> {}

  /**
   * This node does not lead the shard (or does not host it), so nothing was committed. {@code
   * leader} is Ratis' hint of who does, when it knows.
   */
  record NotLeader<T>(ShardId shard, Optional<String> leader) implements ShardReply<T> {}

  /**
   * The shard cannot answer now: a new leader is still applying earlier entries, the replica is
   * closing, or too many commits are pending. Nothing was committed; retrying soon may work.
   */
  record Unavailable<T>(ShardId shard, String reason) implements ShardReply<T> {}

  /**
   * No answer within the bound, typically because no majority is reachable. The outcome is
   * <em>unknown</em>: the entry may still commit later. Retry with the same request id, which
   * makes the retry safe.
   */
  record Timeout<T>(ShardId shard, Duration after) implements ShardReply<T> {}

  /** The request can never succeed as it is (for example an entry over the size bound). */
  record Refused<T>(ShardId shard, String reason) implements ShardReply<T> {}
}
