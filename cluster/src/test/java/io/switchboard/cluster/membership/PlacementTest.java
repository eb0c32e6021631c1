package io.switchboard.cluster.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementTest {

  private static long xxh(String s) {
    return Xxh64.hash(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Expected values from {@code printf '%s' TEXT | xxhsum -H64} (xxHash 0.8.1). */
  @Test
  void hash_knownInputs_matchReferenceXxh64() {
    assertThat(xxh("")).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(xxh("a")).isEqualTo(0xD24EC4F1A98C6E5BL);
    assertThat(xxh("abc")).isEqualTo(0x44BC2CF5AD770999L);
    assertThat(xxh("counter-7")).isEqualTo(0xDB126E92B0474484L);
    assertThat(xxh("The quick brown fox jumps over the lazy dog")).isEqualTo(0x0B242D361FDA71BCL);
    assertThat(xxh("h\u00e9llo-\u20ac")).isEqualTo(0x69A55EB9E1E8CB36L);
  }

  @Test
  void hash_longInputWithAllTails_matchesReferenceXxh64() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 101; i++) {
      s.append((char) ('0' + i % 43)); // 101 bytes: 3 stripes of 32, then 4 + 1 tail bytes
    }
    assertThat(xxh(s.toString())).isEqualTo(0x2FA8D7CC590A9249L);
  }

  @Test
  void owner_fixedExample_isStableAcrossReleases() {
    // Pinned so that a change of hash or encoding (which would move every name) fails loudly.
    List<Member> ms =
        List.of(
            new Member("n1", "127.0.0.1", 50051),
            new Member("n2", "127.0.0.1", 50052),
            new Member("n3", "127.0.0.1", 50053));
    StringBuilder owners = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      owners.append(Placement.owner("counter-" + i, ms).name()).append(' ');
    }
    assertThat(owners.toString().strip()).isEqualTo(PINNED_OWNERS);
  }

  private static final String PINNED_OWNERS = "n2 n1 n2 n3 n3 n3 n1 n1 n1 n3 n3 n3";

  @Test
  void weight_encodingIsUnambiguous_pairsDoNotCollide() {
    assertThat(Placement.weight("ab", "c")).isNotEqualTo(Placement.weight("a", "bc"));
  }

  @Test
  void owner_noMembers_rejected() {
    assertThatThrownBy(() -> Placement.owner("x", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void owner_singleMember_ownsEverything() {
    Member only = new Member("solo", "127.0.0.1", 1);
    assertThat(Placement.owner("anything", List.of(only))).isEqualTo(only);
  }

  @Test
  void owner_ignoresEndpoint_onlyNameCounts() {
    List<Member> a = List.of(new Member("n1", "10.0.0.1", 1), new Member("n2", "10.0.0.2", 2));
    List<Member> b = List.of(new Member("n1", "h1", 9), new Member("n2", "h2", 8));
    for (int i = 0; i < 50; i++) {
      assertThat(Placement.owner("k" + i, a).name()).isEqualTo(Placement.owner("k" + i, b).name());
    }
  }

  @Test
  void ranked_firstIsOwner_distinctAndBounded() {
    List<Member> ms = new java.util.ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      ms.add(new Member("n" + i, "127.0.0.1", 50_050 + i));
    }
    List<Member> reversed = new java.util.ArrayList<>(ms);
    java.util.Collections.reverse(reversed);
    for (int i = 0; i < 200; i++) {
      List<Member> top = Placement.ranked("shard-" + i, ms, 3);
      assertThat(top).hasSize(3).doesNotHaveDuplicates();
      assertThat(top.get(0)).isEqualTo(Placement.owner("shard-" + i, ms));
      assertThat(Placement.ranked("shard-" + i, reversed, 3)).isEqualTo(top);
    }
    assertThat(Placement.ranked("x", ms.subList(0, 2), 3)).hasSize(2);
    assertThatThrownBy(() -> Placement.ranked("x", ms, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ranked_memberLeaves_othersKeepTheirRank() {
    List<Member> ms = List.of(
        new Member("n1", "127.0.0.1", 1), new Member("n2", "127.0.0.1", 2),
        new Member("n3", "127.0.0.1", 3), new Member("n4", "127.0.0.1", 4));
    for (int i = 0; i < 100; i++) {
      List<Member> before = Placement.ranked("k" + i, ms, 4);
      Member gone = before.get(1);
      List<Member> after =
          Placement.ranked("k" + i, ms.stream().filter(m -> !m.equals(gone)).toList(), 3);
      assertThat(after).isEqualTo(before.stream().filter(m -> !m.equals(gone)).toList());
    }
  }
}
