package io.switchboard.cluster.lease;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A lease ping or pong on the wire: {@code kind(1) epoch(8) sentAt(8)}; pure encode/decode. A
 * third kind, {@link #leaving}, announces a graceful leave (so the others do not count the
 * departure as a failure).
 *
 * @param ping true for a ping (answer it), false for a pong (an answer) or a leave
 * @param epoch the sender's current view epoch
 * @param sentAt the ping's send time on the pinging node's own clock (echoed in the pong)
 */
public record LeaseMessage(boolean ping, long epoch, long sentAt, boolean leaving) {
  private static final byte PING = 0x51;
  private static final byte PONG = 0x52;
  private static final byte LEAVE = 0x53;

  public LeaseMessage(boolean ping, long epoch, long sentAt) {
    this(ping, epoch, sentAt, false);
  }

  /** "I am leaving gracefully." */
  public static LeaseMessage leave(long epoch) {
    return new LeaseMessage(false, epoch, 0, true);
  }
  static final int SIZE = 17;

  public byte[] encode() {
    return ByteBuffer.allocate(SIZE).put(leaving ? LEAVE : ping ? PING : PONG).putLong(epoch)
        .putLong(sentAt).array();
  }

  /** Decodes, or empty for bytes that are not a lease message (ignored, never thrown). */
  public static Optional<LeaseMessage> decode(byte[] bytes) {
    if (bytes.length != SIZE || (bytes[0] != PING && bytes[0] != PONG && bytes[0] != LEAVE)) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte kind = b.get();
    return Optional.of(new LeaseMessage(kind == PING, b.getLong(), b.getLong(), kind == LEAVE));
  }
}
