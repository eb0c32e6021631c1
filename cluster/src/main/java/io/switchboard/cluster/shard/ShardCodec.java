package io.switchboard.cluster.shard;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The binary formats of a shard's messages: log entries ({@link ShardEntry}), the results of
 * applying them ({@link ApplyResult}), and read queries with their answers. Each message starts
 * with a format version byte and a tag byte; strings and byte strings are an {@code int} length
 * then the bytes (UTF-8 for strings). Decoding checks every length against what is left, so a
 * corrupt length fails with a {@link ShardDataException} naming the shard instead of allocating.
 *
 * <p>Compatibility: a reader refuses a version it does not know. A rolling upgrade that changes a
 * format must first deploy readers of the new version, then start writing it.
 *
 * <p>Pure and thread-safe.
 */
final class ShardCodec {

  static final byte VERSION = 1;

  private static final byte PUT = 1;
  private static final byte REMOVE = 2;
  private static final byte APPLIED = 11;
  private static final byte DUPLICATE = 12;
  private static final byte REMOVED = 13;
  private static final byte GET = 21;
  private static final byte RECORDED = 22;

  private ShardCodec() {}

  /** A read of one name's committed state: answered by {@link #encodeAnswer}. */
  sealed interface Query {
    String name();
  }

  /** Read a name's {@link NameState}. */
  record Get(String name) implements Query {}

  /** Read the reply recorded for a request id on a name. */
  record Recorded(String name, RequestId id) implements Query {}

  // ---- log entries

  static ByteString encode(ShardEntry entry) {
    return write(out -> {
      out.writeByte(VERSION);
      if (entry instanceof ShardEntry.Put put) {
        out.writeByte(PUT);
        writeString(out, put.name());
        writeString(out, put.kind());
        out.writeBoolean(put.requestId().isPresent());
        if (put.requestId().isPresent()) {
          writeBytes(out, put.requestId().get().bytes());
        }
        writeBytes(out, put.state());
        writeBytes(out, put.reply());
      } else {
        out.writeByte(REMOVE);
        writeString(out, entry.name());
      }
    });
  }

  static ShardEntry decodeEntry(ShardId shard, ByteString bytes) throws ShardDataException {
    Reader in = new Reader(shard, "log entry", bytes);
    byte tag = in.header();
    ShardEntry entry =
        switch (tag) {
          case PUT -> {
            String name = in.string();
            String kind = in.string();
            Optional<RequestId> id =
                in.bool() ? Optional.of(in.requestId()) : Optional.empty();
            yield in.valid(() -> new ShardEntry.Put(name, kind, id, in.bytes(), in.bytes()));
          }
          case REMOVE -> {
            String name = in.string();
            yield in.valid(() -> new ShardEntry.Remove(name));
          }
          default -> throw in.fail("unknown tag " + tag);
        };
    in.end();
    return entry;
  }

  // ---- apply results (the reply message of a committed entry)

  static ByteString encode(ApplyResult result) {
    return write(out -> {
      out.writeByte(VERSION);
      if (result instanceof ApplyResult.Applied a) {
        out.writeByte(APPLIED);
        out.writeLong(a.version());
      } else if (result instanceof ApplyResult.Duplicate d) {
        out.writeByte(DUPLICATE);
        writeBytes(out, d.recordedReply());
        out.writeLong(d.version());
      } else {
        out.writeByte(REMOVED);
        out.writeBoolean(((ApplyResult.Removed) result).existed());
      }
    });
  }

  static ApplyResult decodeResult(ShardId shard, ByteString bytes) throws ShardDataException {
    Reader in = new Reader(shard, "apply result", bytes);
    byte tag = in.header();
    ApplyResult result =
        switch (tag) {
          case APPLIED -> new ApplyResult.Applied(in.longValue());
          case DUPLICATE -> new ApplyResult.Duplicate(in.bytes(), in.longValue());
          case REMOVED -> new ApplyResult.Removed(in.bool());
          default -> throw in.fail("unknown tag " + tag);
        };
    in.end();
    return result;
  }

  // ---- queries and their answers

  static ByteString encode(Query query) {
    return write(out -> {
      out.writeByte(VERSION);
      if (query instanceof Recorded r) {
        out.writeByte(RECORDED);
        writeString(out, r.name());
        writeBytes(out, r.id().bytes());
      } else {
        out.writeByte(GET);
        writeString(out, query.name());
      }
    });
  }

  static Query decodeQuery(ShardId shard, ByteString bytes) throws ShardDataException {
    Reader in = new Reader(shard, "query", bytes);
    byte tag = in.header();
    Query query =
        switch (tag) {
          case GET -> new Get(in.string());
          case RECORDED -> new Recorded(in.string(), in.requestId());
          default -> throw in.fail("unknown tag " + tag);
        };
    in.end();
    return query;
  }

  /** The answer to {@code query} from {@code state}. */
  static ByteString encodeAnswer(Query query, ShardState state) {
    return write(out -> {
      out.writeByte(VERSION);
      if (query instanceof Recorded r) {
        Optional<ByteString> reply = state.recordedReply(r.name(), r.id());
        out.writeBoolean(reply.isPresent());
        if (reply.isPresent()) {
          writeBytes(out, reply.get());
        }
        return;
      }
      Optional<NameState> found = state.get(query.name());
      out.writeBoolean(found.isPresent());
      if (found.isPresent()) {
        NameState s = found.get();
        writeString(out, s.kind());
        writeBytes(out, s.state());
        out.writeLong(s.version());
        out.writeInt(s.windowSize());
      }
    });
  }

  static Optional<NameState> decodeState(ShardId shard, ByteString bytes)
      throws ShardDataException {
    Reader in = new Reader(shard, "state answer", bytes);
    in.version();
    Optional<NameState> answer =
        in.bool()
            ? Optional.of(new NameState(in.string(), in.bytes(), in.longValue(), in.intValue()))
            : Optional.empty();
    in.end();
    return answer;
  }

  static Optional<ByteString> decodeRecorded(ShardId shard, ByteString bytes)
      throws ShardDataException {
    Reader in = new Reader(shard, "recorded-reply answer", bytes);
    in.version();
    Optional<ByteString> answer = in.bool() ? Optional.of(in.bytes()) : Optional.empty();
    in.end();
    return answer;
  }

  // ---- plumbing

  interface Body {
    void writeTo(DataOutputStream out) throws IOException;
  }

  static ByteString write(Body body) {
    ByteString.Output buffer = ByteString.newOutput(64);
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      body.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory write failed", e); // cannot happen
    }
    return buffer.toByteString();
  }

  static void writeString(DataOutputStream out, String s) throws IOException {
    writeBytes(out, ByteString.copyFromUtf8(s));
  }

  static void writeBytes(DataOutputStream out, ByteString b) throws IOException {
    out.writeInt(b.size());
    b.writeTo(out);
  }

  /** Reads one message, turning every short or malformed read into a {@link ShardDataException}. */
  static final class Reader {
    private final ShardId shard;
    private final String what;
    private final ByteArrayInputStream bytes;
    private final DataInputStream in;

    Reader(ShardId shard, String what, ByteString message) {
      this(shard, what, message.toByteArray(), 0, message.size());
    }

    Reader(ShardId shard, String what, byte[] buffer, int offset, int length) {
      this.shard = shard;
      this.what = what;
      this.bytes = new ByteArrayInputStream(buffer, offset, length);
      this.in = new DataInputStream(bytes);
    }

    /** Reads and checks the version, then returns the tag. */
    byte header() throws ShardDataException {
      version();
      return byteValue();
    }

    void version() throws ShardDataException {
      byte v = byteValue();
      if (v != VERSION) {
        throw fail("format version " + v + " is not " + VERSION + " (written by a newer node?)");
      }
    }

    byte byteValue() throws ShardDataException {
      need(1);
      return (byte) bytes.read();
    }

    boolean bool() throws ShardDataException {
      byte b = byteValue();
      if (b != 0 && b != 1) {
        throw fail("boolean byte " + b);
      }
      return b == 1;
    }

    int intValue() throws ShardDataException {
      need(4);
      try {
        return in.readInt();
      } catch (IOException e) {
        throw fail(e.toString());
      }
    }

    long longValue() throws ShardDataException {
      need(8);
      try {
        return in.readLong();
      } catch (IOException e) {
        throw fail(e.toString());
      }
    }

    ByteString bytes() throws ShardDataException {
      int n = intValue();
      if (n < 0 || n > bytes.available()) {
        throw fail("length " + n + " with " + bytes.available() + " bytes left");
      }
      byte[] b = new byte[n];
      bytes.read(b, 0, n);
      return ByteString.copyFrom(b);
    }

    String string() throws ShardDataException {
      ByteString b = bytes();
      if (!b.isValidUtf8()) {
        throw fail("a string that is not UTF-8");
      }
      return b.toStringUtf8();
    }

    RequestId requestId() throws ShardDataException {
      return valid(() -> new RequestId(bytes()));
    }

    int left() {
      return bytes.available();
    }

    void end() throws ShardDataException {
      if (bytes.available() != 0) {
        throw fail(bytes.available() + " unexpected trailing bytes");
      }
    }

    /** Builds a value whose constructor validates, mapping its refusal to a data error. */
    <T> T valid(Build<T> build) throws ShardDataException {
      try {
        return build.get();
      } catch (IllegalArgumentException | NullPointerException e) {
        throw fail(e.getMessage());
      }
    }

    ShardDataException fail(String reason) {
      return new ShardDataException(shard, "cannot decode " + what + ": " + reason);
    }

    private void need(int n) throws ShardDataException {
      if (bytes.available() < n) {
        throw fail("truncated (needs " + n + " more bytes, " + bytes.available() + " left)");
      }
    }
  }

  interface Build<T> {
    T get() throws ShardDataException;
  }
}
