package io.switchboard.cluster.shard;

import static io.switchboard.cluster.shard.Entries.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShardStateTest {

  private static final ShardId SHARD = new ShardId(3);

  private static ByteString utf8(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Test
  void apply_put_storesStateKindAndVersion() {
    ShardState s = new ShardState(SHARD, 10);
    assertThat(s.apply(put("a", "1", null), 5)).isEqualTo(new ApplyResult.Applied(5));
    assertThat(s.get("a")).contains(new NameState("counter", utf8("1"), 5, 0));
    assertThat(s.apply(put("a", "2", null), 9)).isEqualTo(new ApplyResult.Applied(9));
    assertThat(s.get("a")).contains(new NameState("counter", utf8("2"), 9, 0));
    assertThat(s.size()).isEqualTo(1);
  }

  @Test
  void apply_sameRequestIdTwice_secondIsDuplicateWithRecordedReply_stateUnchanged() {
    ShardState s = new ShardState(SHARD, 10);
    s.apply(put("a", "1", "r1"), 5);
    assertThat(s.apply(put("a", "99", "r1"), 6))
        .isEqualTo(new ApplyResult.Duplicate(utf8("reply-1"), 5));
    assertThat(s.get("a").orElseThrow().state()).isEqualTo(utf8("1"));
    assertThat(s.recordedReply("a", RequestId.of("r1"))).contains(utf8("reply-1"));
    // ids are per name: the same id on another name is a new request
    assertThat(s.apply(put("b", "1", "r1"), 7)).isEqualTo(new ApplyResult.Applied(7));
  }

  @Test
  void apply_beyondTheWindow_oldestIdForgottenFirst() {
    ShardState s = new ShardState(SHARD, 3);
    for (int i = 1; i <= 4; i++) {
      s.apply(put("a", "" + i, "r" + i), i);
    }
    assertThat(s.recordedReply("a", RequestId.of("r1"))).isEmpty();
    assertThat(s.recordedReply("a", RequestId.of("r2"))).contains(utf8("reply-2"));
    assertThat(s.get("a").orElseThrow().windowSize()).isEqualTo(3);
    assertThat(s.apply(put("a", "again", "r1"), 5)).isEqualTo(new ApplyResult.Applied(5));
  }

  @Test
  void apply_remove_forgetsStateAndWindow() {
    ShardState s = new ShardState(SHARD, 10);
    s.apply(put("a", "1", "r1"), 1);
    assertThat(s.apply(new ShardEntry.Remove("a"), 2)).isEqualTo(new ApplyResult.Removed(true));
    assertThat(s.apply(new ShardEntry.Remove("a"), 3)).isEqualTo(new ApplyResult.Removed(false));
    assertThat(s.get("a")).isEmpty();
    assertThat(s.recordedReply("a", RequestId.of("r1"))).isEmpty();
  }

  @Test
  void entries_invalidParts_failFast() {
    assertThatThrownBy(() -> new ShardEntry.Remove(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ShardEntry.Put("a", "k", null, utf8(""), utf8("")))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ShardEntry.Put("x".repeat(1025), "k", Optional.empty(),
        utf8(""), utf8(""))).hasMessageContaining("1024");
    assertThatThrownBy(() -> RequestId.of("x".repeat(65))).hasMessageContaining("64");
    assertThatThrownBy(() -> RequestId.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ShardState(SHARD, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
