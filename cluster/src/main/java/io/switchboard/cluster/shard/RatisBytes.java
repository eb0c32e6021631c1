package io.switchboard.cluster.shard;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

/**
 * Between our protobuf {@link ByteString} and Ratis' shaded copy of the same class ({@code
 * org.apache.ratis.thirdparty.com.google.protobuf.ByteString}): two unrelated types that cannot be
 * mixed. Both are immutable, so the conversion wraps a read-only view without copying.
 */
final class RatisBytes {

  private RatisBytes() {}

  static org.apache.ratis.thirdparty.com.google.protobuf.ByteString toRatis(ByteString b) {
    return org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations.unsafeWrap(
        b.asReadOnlyByteBuffer());
  }

  static ByteString fromRatis(org.apache.ratis.thirdparty.com.google.protobuf.ByteString b) {
    return UnsafeByteOperations.unsafeWrap(b.asReadOnlyByteBuffer());
  }
}
