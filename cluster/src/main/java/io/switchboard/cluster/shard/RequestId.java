package io.switchboard.cluster.shard;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A caller's id for one logical call ({@code CallRequest.request_id}): 1 to 64 opaque bytes. An
 * input whose id was already applied to a name is answered with the reply recorded then, and not
 * stepped again. Immutable; equal by content.
 */
public record RequestId(ByteString bytes) {

  /** The contract's bound on an id's length. */
  public static final int MAX_BYTES = 64;

  /** Validates 1..64 bytes. */
  public RequestId {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.isEmpty() || bytes.size() > MAX_BYTES) {
      throw new IllegalArgumentException(
          "a request id has 1.." + MAX_BYTES + " bytes, got " + bytes.size());
    }
  }

  /** The id made of the UTF-8 bytes of {@code text}. */
  public static RequestId of(String text) {
    return new RequestId(ByteString.copyFrom(text, StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return bytes.isValidUtf8() ? bytes.toStringUtf8() : "0x" + hex(bytes);
  }

  private static String hex(ByteString b) {
    StringBuilder s = new StringBuilder(b.size() * 2);
    for (int i = 0; i < b.size(); i++) {
      s.append(Character.forDigit((b.byteAt(i) >> 4) & 0xF, 16));
      s.append(Character.forDigit(b.byteAt(i) & 0xF, 16));
    }
    return s.toString();
  }
}
