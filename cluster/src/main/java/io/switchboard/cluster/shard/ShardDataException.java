package io.switchboard.cluster.shard;

import java.io.IOException;

/**
 * Bytes of a shard (a log entry, a reply, a snapshot file) that cannot be read: corrupt,
 * truncated, or written by a newer format version. The message always names the shard, so an
 * operator knows which replica's data to look at (or to drop and let Raft re-install).
 */
public final class ShardDataException extends IOException {

  private final transient ShardId shard;
  private final String reason;

  /** An error about {@code shard}'s data; the message is prefixed with the shard. */
  public ShardDataException(ShardId shard, String message) {
    super(shard + ": " + message);
    this.shard = shard;
    this.reason = message;
  }

  /** The same, with the underlying cause. */
  public ShardDataException(ShardId shard, String message, Throwable cause) {
    super(shard + ": " + message, cause);
    this.shard = shard;
    this.reason = message;
  }

  /** The message without the shard prefix. */
  public String reason() {
    return reason;
  }

  /** The shard whose data failed. */
  public ShardId shard() {
    return shard;
  }
}
