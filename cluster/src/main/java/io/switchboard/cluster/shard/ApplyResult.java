package io.switchboard.cluster.shard;

import com.google.protobuf.ByteString;

/** What applying one committed {@link ShardEntry} did to the {@link ShardState}. Immutable. */
public sealed interface ApplyResult {

  /** The Put changed the name; its state now has this version (the entry's log index). */
  record Applied(long version) implements ApplyResult {}

  /**
   * The Put's request id was already applied to the name: nothing changed, and this is the reply
   * recorded then.
   */
  record Duplicate(ByteString recordedReply, long version) implements ApplyResult {}

  /** The Remove forgot the name ({@code existed} false: there was nothing to forget). */
  record Removed(boolean existed) implements ApplyResult {}
}
