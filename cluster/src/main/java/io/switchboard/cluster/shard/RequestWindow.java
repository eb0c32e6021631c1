package io.switchboard.cluster.shard;

import com.google.protobuf.ByteString;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The request ids a name remembers, each with the reply recorded when it was applied, oldest
 * first. At the bound the oldest id is forgotten (FIFO): a retry older than the last {@code bound}
 * ids of that name is stepped again. Mutable, not thread-safe; owned by one {@link ShardState}.
 */
final class RequestWindow {

  private final LinkedHashMap<RequestId, ByteString> replies = new LinkedHashMap<>();

  /** The reply recorded for {@code id}, if the window still holds it. */
  Optional<ByteString> lookup(RequestId id) {
    return Optional.ofNullable(replies.get(id));
  }

  /** Remembers {@code id}, then forgets the oldest ids beyond {@code bound}. */
  void record(RequestId id, ByteString reply, int bound) {
    replies.put(id, reply);
    trim(bound);
  }

  void trim(int bound) {
    Iterator<RequestId> oldest = replies.keySet().iterator();
    while (replies.size() > bound) {
      oldest.next();
      oldest.remove();
    }
  }

  int size() {
    return replies.size();
  }

  /** Oldest first; for the snapshot codec. */
  Iterable<Map.Entry<RequestId, ByteString>> entries() {
    return replies.entrySet();
  }
}
