package io.switchboard.cluster.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {

  private static final ShardId SHARD = new ShardId(2);

  private static ShardState sample() {
    ShardState s = new ShardState(SHARD, 4);
    for (int i = 0; i < 20; i++) {
      s.apply(Entries.put("n" + (i % 5), "s" + i, "id-" + i), i + 1);
    }
    s.apply(Entries.put("plain", "x", null), 30);
    return s;
  }

  @Test
  void roundTrip_keepsStatesVersionsAndWindowsInOrder() throws ShardDataException {
    ShardState s = sample();
    SnapshotCodec.Decoded d = SnapshotCodec.decode(SHARD, 4, SnapshotCodec.encode(s, 3, 30));
    assertThat(d.term()).isEqualTo(3);
    assertThat(d.index()).isEqualTo(30);
    assertThat(d.state().size()).isEqualTo(s.size());
    for (String name : new String[] {"n0", "n1", "n2", "n3", "n4", "plain"}) {
      assertThat(d.state().get(name)).isEqualTo(s.get(name));
    }
    // window order survives (n0 holds id-0, -5, -10, -15): the oldest is still evicted first
    d.state().apply(Entries.put("n0", "new", "fresh"), 31);
    assertThat(d.state().recordedReply("n0", RequestId.of("id-0"))).isEmpty();
    assertThat(d.state().recordedReply("n0", RequestId.of("id-5"))).isPresent();
    assertThat(d.state().recordedReply("n0", RequestId.of("fresh"))).isPresent();
  }

  @Test
  void decode_smallerWindow_trimsOldestIds() throws ShardDataException {
    ShardState d = SnapshotCodec.decode(SHARD, 2, SnapshotCodec.encode(sample(), 1, 30)).state();
    assertThat(d.get("n0").orElseThrow().windowSize()).isEqualTo(2);
    assertThat(d.recordedReply("n0", RequestId.of("id-15"))).contains(
        ByteString.copyFromUtf8("reply-s15"));
    assertThat(d.recordedReply("n0", RequestId.of("id-5"))).isEmpty();
  }

  @Test
  void decode_anyFlippedBit_checksumMismatchNamingTheShard() {
    byte[] file = SnapshotCodec.encode(sample(), 1, 30);
    for (int i = 0; i < file.length; i += 7) {
      byte[] bad = file.clone();
      bad[i] ^= 0x10;
      assertThatThrownBy(() -> SnapshotCodec.decode(SHARD, 4, bad))
          .isInstanceOf(ShardDataException.class)
          .hasMessageStartingWith("shard-2: snapshot checksum mismatch");
    }
  }

  @Test
  void decode_truncatedOrOtherShards_refused() {
    byte[] file = SnapshotCodec.encode(sample(), 1, 30);
    assertThatThrownBy(() -> SnapshotCodec.decode(SHARD, 4, new byte[10]))
        .hasMessageContaining("truncated");
    byte[] cut = java.util.Arrays.copyOf(file, file.length - 9);
    assertThatThrownBy(() -> SnapshotCodec.decode(SHARD, 4, cut))
        .hasMessageContaining("checksum mismatch");
    assertThatThrownBy(() -> SnapshotCodec.decode(new ShardId(3), 4, file))
        .hasMessage("shard-3: cannot decode snapshot: the file belongs to shard-2");
  }

  @Test
  void empty_roundTrips() throws ShardDataException {
    ShardState empty = new ShardState(SHARD, 4);
    assertThat(SnapshotCodec.decode(SHARD, 4, SnapshotCodec.encode(empty, 0, 0)).state().size())
        .isZero();
  }
}
