package io.switchboard.cluster.shard;

import com.google.protobuf.ByteString;
import java.util.Optional;

/** Log entries for tests: a counter-like Put whose reply is {@code reply-<state>}. */
final class Entries {

  private Entries() {}

  /** A Put of {@code state} on {@code name}, with request id {@code id} unless it is null. */
  static ShardEntry.Put put(String name, String state, String id) {
    return new ShardEntry.Put(name, "counter", Optional.ofNullable(id).map(RequestId::of),
        ByteString.copyFromUtf8(state), ByteString.copyFromUtf8("reply-" + state));
  }
}
