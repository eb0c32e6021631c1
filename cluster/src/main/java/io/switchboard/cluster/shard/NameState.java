package io.switchboard.cluster.shard;

import com.google.protobuf.ByteString;

/**
 * The committed state of one name, as a replica has applied it.
 *
 * @param kind the template the name runs
 * @param state the state bytes of the last applied {@link ShardEntry.Put}
 * @param version the log index of that Put: it grows with every applied change and does not move
 *     when a duplicate request id is answered from the window
 * @param windowSize how many request ids the name remembers now
 */
public record NameState(String kind, ByteString state, long version, int windowSize) {}
