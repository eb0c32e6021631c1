package io.switchboard.cluster.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShardCodecTest {

  private static final ShardId SHARD = new ShardId(7);

  @Test
  void entries_roundTrip() throws ShardDataException {
    List<ShardEntry> entries = List.of(
        Entries.put("counter-1", "41", "req-1"),
        Entries.put("h\u00e9llo-\u20ac", "", null),
        new ShardEntry.Put("a", "k", Optional.of(new RequestId(ByteString.copyFrom(new byte[64]))),
            ByteString.copyFrom(new byte[] {0, -1, 7}), ByteString.EMPTY),
        new ShardEntry.Remove("gone"));
    for (ShardEntry e : entries) {
      assertThat(ShardCodec.decodeEntry(SHARD, ShardCodec.encode(e))).isEqualTo(e);
    }
  }

  @Test
  void results_andAnswers_roundTrip() throws ShardDataException {
    for (ApplyResult r : List.of(new ApplyResult.Applied(12),
        new ApplyResult.Duplicate(ByteString.copyFromUtf8("ack"), 3),
        new ApplyResult.Removed(true), new ApplyResult.Removed(false))) {
      assertThat(ShardCodec.decodeResult(SHARD, ShardCodec.encode(r))).isEqualTo(r);
    }
    ShardState state = new ShardState(SHARD, 5);
    state.apply(Entries.put("a", "1", "r"), 4);
    ShardCodec.Query get =
        ShardCodec.decodeQuery(SHARD, ShardCodec.encode(new ShardCodec.Get("a")));
    assertThat(ShardCodec.decodeState(SHARD, ShardCodec.encodeAnswer(get, state)))
        .isEqualTo(state.get("a"));
    ShardCodec.Query none = new ShardCodec.Get("b");
    assertThat(ShardCodec.decodeState(SHARD, ShardCodec.encodeAnswer(none, state))).isEmpty();
    ShardCodec.Query rec = ShardCodec.decodeQuery(SHARD,
        ShardCodec.encode(new ShardCodec.Recorded("a", RequestId.of("r"))));
    assertThat(ShardCodec.decodeRecorded(SHARD, ShardCodec.encodeAnswer(rec, state)))
        .contains(ByteString.copyFromUtf8("reply-1"));
  }

  @Test
  void decode_everyTruncation_failsNamingTheShard() {
    ByteString full = ShardCodec.encode(Entries.put("counter-1", "41", "req-1"));
    for (int n = 0; n < full.size(); n++) {
      ByteString cut = full.substring(0, n);
      assertThatThrownBy(() -> ShardCodec.decodeEntry(SHARD, cut))
          .isInstanceOf(ShardDataException.class)
          .hasMessageStartingWith("shard-7: cannot decode log entry");
    }
  }

  @Test
  void decode_badVersionTagLengthOrTrailingBytes_failsClearly() {
    ByteString ok = ShardCodec.encode(new ShardEntry.Remove("x"));
    assertThatThrownBy(() -> ShardCodec.decodeEntry(SHARD, patch(ok, 0, 2)))
        .hasMessageContaining("format version 2");
    assertThatThrownBy(() -> ShardCodec.decodeEntry(SHARD, patch(ok, 1, 9)))
        .hasMessageContaining("unknown tag 9");
    assertThatThrownBy(() -> ShardCodec.decodeEntry(SHARD, patch(ok, 2, 0x7f)))
        .hasMessageContaining("length");
    assertThatThrownBy(() -> ShardCodec.decodeEntry(SHARD, ok.concat(ByteString.copyFrom(
        new byte[] {1})))).hasMessageContaining("trailing");
    ByteString emptyName = ShardCodec.write(out -> {
      out.writeByte(ShardCodec.VERSION);
      out.writeByte(2);
      out.writeInt(0);
    });
    assertThatThrownBy(() -> ShardCodec.decodeEntry(SHARD, emptyName))
        .isInstanceOf(ShardDataException.class).hasMessageContaining("name must not be empty");
  }

  private static ByteString patch(ByteString b, int at, int value) {
    byte[] bytes = b.toByteArray();
    bytes[at] = (byte) value;
    return ByteString.copyFrom(bytes);
  }
}
