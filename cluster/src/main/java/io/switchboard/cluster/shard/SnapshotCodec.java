package io.switchboard.cluster.shard;

import com.google.protobuf.ByteString;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The snapshot file of a shard: everything {@link ShardState} holds, at one applied log position.
 *
 * <pre>
 * int   magic 0x53425348 ("SBSH")     byte version (1)
 * int   shard                         long term, long index (the last entry applied)
 * int   names, then per name: string name, string kind, bytes state, long version,
 *       int ids, then per id (oldest first): bytes id, bytes reply
 * int   CRC32C of every byte before it
 * </pre>
 *
 * <p>The checksum is checked before anything is parsed, so a torn or bit-flipped file is reported
 * as such (with the shard and the checksums) rather than as a confusing parse error. A file of
 * another shard is refused too. The whole snapshot is built in memory: fine for the tens of MB a
 * shard is expected to hold; a streaming writer is the next step beyond that.
 *
 * <p>Pure and thread-safe.
 */
final class SnapshotCodec {

  static final int MAGIC = 0x53425348;
  static final byte VERSION = 1;
  private static final int HEADER = 4 + 1 + 4 + 8 + 8 + 4;

  private SnapshotCodec() {}

  /** A decoded snapshot: the state and the last log position it includes. */
  record Decoded(long term, long index, ShardState state) {}

  static byte[] encode(ShardState state, long term, long index) {
    ByteString body =
        ShardCodec.write(out -> {
          out.writeInt(MAGIC);
          out.writeByte(VERSION);
          out.writeInt(state.shard().value());
          out.writeLong(term);
          out.writeLong(index);
          out.writeInt(state.size());
          IOException[] failed = new IOException[1];
          state.forEach((name, slot) -> {
            if (failed[0] == null) {
              try {
                writeName(out, name, slot);
              } catch (IOException e) {
                failed[0] = e;
              }
            }
          });
          if (failed[0] != null) {
            throw failed[0];
          }
        });
    byte[] file = new byte[body.size() + 4];
    body.copyTo(file, 0);
    int crc = crc(file, body.size());
    for (int i = 0; i < 4; i++) {
      file[body.size() + i] = (byte) (crc >>> (24 - 8 * i));
    }
    return file;
  }

  private static void writeName(DataOutputStream out, String name, ShardState.Slot slot)
      throws IOException {
    ShardCodec.writeString(out, name);
    ShardCodec.writeString(out, slot.kind);
    ShardCodec.writeBytes(out, slot.state);
    out.writeLong(slot.version);
    out.writeInt(slot.window.size());
    for (Map.Entry<RequestId, ByteString> e : slot.window.entries()) {
      ShardCodec.writeBytes(out, e.getKey().bytes());
      ShardCodec.writeBytes(out, e.getValue());
    }
  }

  /**
   * Reads a snapshot of {@code shard}; its names remember up to {@code window} ids each.
   *
   * @throws ShardDataException naming the shard if the file is truncated, fails its checksum, has
   *     an unknown version, or belongs to another shard
   */
  static Decoded decode(ShardId shard, int window, byte[] file) throws ShardDataException {
    if (file.length < HEADER + 4) {
      throw new ShardDataException(
          shard,
          "snapshot is truncated (" + file.length + " bytes, a header needs " + HEADER + ")");
    }
    int bodyLength = file.length - 4;
    int stored = 0;
    for (int i = 0; i < 4; i++) {
      stored = (stored << 8) | (file[bodyLength + i] & 0xFF);
    }
    int computed = crc(file, bodyLength);
    if (stored != computed) {
      throw new ShardDataException(
          shard,
          String.format(
              "snapshot checksum mismatch (stored %08x, computed %08x): the file is corrupt",
              stored, computed));
    }
    ShardCodec.Reader in = new ShardCodec.Reader(shard, "snapshot", file, 0, bodyLength);
    if (in.intValue() != MAGIC) {
      throw in.fail("not a Switchboard shard snapshot (bad magic)");
    }
    byte version = in.byteValue();
    if (version != VERSION) {
      throw in.fail("format version " + version + " is not " + VERSION);
    }
    int of = in.intValue();
    if (of != shard.value()) {
      throw in.fail("the file belongs to shard-" + of);
    }
    long term = in.longValue();
    long index = in.longValue();
    ShardState state = new ShardState(shard, window);
    int names = in.intValue();
    if (names < 0 || names > in.left()) {
      throw in.fail("name count " + names);
    }
    for (int i = 0; i < names; i++) {
      String name = in.string();
      ShardState.Slot slot = new ShardState.Slot();
      slot.kind = in.string();
      slot.state = in.bytes();
      slot.version = in.longValue();
      int ids = in.intValue();
      if (ids < 0 || ids > in.left()) {
        throw in.fail("request id count " + ids + " for '" + name + "'");
      }
      for (int j = 0; j < ids; j++) {
        RequestId id = in.requestId();
        slot.window.record(id, in.bytes(), Integer.MAX_VALUE);
      }
      state.restore(name, slot);
    }
    in.end();
    return new Decoded(term, index, state);
  }

  private static int crc(byte[] b, int length) {
    CRC32C crc = new CRC32C();
    crc.update(b, 0, length);
    return (int) crc.getValue();
  }
}
