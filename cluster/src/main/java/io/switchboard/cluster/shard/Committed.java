package io.switchboard.cluster.shard;

/**
 * A committed entry: where it is in the shard's log and what applying it did ({@link
 * ApplyResult.Duplicate} carries the recorded reply of a request id seen before). Immutable.
 */
public record Committed(long index, ApplyResult result) {}
