package io.switchboard.cluster.lease;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A lease ping or pong on the wire: {@code kind(1) epoch(8) sentAt(8)}; pure encode/decode.
 *
 * @param ping true for a ping (answer it), false for a pong (an answer)
 * @param epoch the sender's current view epoch
 * @param sentAt the ping's send time on the pinging node's own clock (echoed in the pong)
 */
public record LeaseMessage(boolean ping, long epoch, long sentAt) {
  private static final byte PING = 0x51;
  private static final byte PONG = 0x52;
  static final int SIZE = 17;

  public byte[] encode() {
    return ByteBuffer.allocate(SIZE).put(ping ? PING : PONG).putLong(epoch).putLong(sentAt)
        .array();
  }

  /** Decodes, or empty for bytes that are not a lease message (ignored, never thrown). */
  public static Optional<LeaseMessage> decode(byte[] bytes) {
    if (bytes.length != SIZE || (bytes[0] != PING && bytes[0] != PONG)) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    boolean ping = b.get() == PING;
    return Optional.of(new LeaseMessage(ping, b.getLong(), b.getLong()));
  }
}
