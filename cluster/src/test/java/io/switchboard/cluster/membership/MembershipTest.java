package io.switchboard.cluster.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipTest {

  private static List<Member> members(int n) {
    List<Member> list = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      list.add(new Member("n" + i, "127.0.0.1", 50050 + i));
    }
    return list;
  }

  private static Membership view(long id, int size, int expected) {
    List<Member> ms = members(size);
    return new Membership(new ViewId("n1", id), ms, ms.get(0), expected);
  }

  @Test
  void hasQuorum_oneOfOne_true() {
    assertThat(view(1, 1, 1).hasQuorum()).isTrue();
  }

  @Test
  void hasQuorum_twoOfThree_true() {
    assertThat(view(1, 2, 3).hasQuorum()).isTrue();
  }

  @Test
  void hasQuorum_oneOfThree_false() {
    assertThat(view(1, 1, 3).hasQuorum()).isFalse();
  }

  @Test
  void hasQuorum_evenSplitTwoOfFour_false() {
    assertThat(view(1, 2, 4).hasQuorum()).isFalse();
  }

  @Test
  void hasQuorum_threeOfFour_true() {
    assertThat(view(1, 3, 4).hasQuorum()).isTrue();
  }

  @Test
  void hasQuorum_moreMembersThanExpected_true() {
    assertThat(view(1, 4, 3).hasQuorum()).isTrue();
  }

  @Test
  void epoch_isTheViewNumber_andOrdersViews() {
    Membership before = view(7, 3, 3);
    Membership after = view(8, 2, 3);
    assertThat(before.epoch()).isEqualTo(7);
    assertThat(after.epoch()).isGreaterThan(before.epoch());
    assertThat(after.viewId()).isEqualTo(new ViewId("n1", 8));
  }

  @Test
  void new_selfNotAMember_rejected() {
    List<Member> ms = members(2);
    Member stranger = new Member("x", "127.0.0.1", 1);
    assertThatThrownBy(() -> new Membership(new ViewId("n1", 1), ms, stranger, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a member");
  }

  @Test
  void new_duplicateNames_rejected() {
    Member a = new Member("n1", "127.0.0.1", 1);
    Member b = new Member("n1", "127.0.0.1", 2);
    assertThatThrownBy(() -> new Membership(new ViewId("n1", 1), List.of(a, b), a, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate");
  }

  @Test
  void new_expectedSizeZero_rejected() {
    assertThatThrownBy(() -> view(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void members_listIsImmutableCopy() {
    List<Member> ms = members(2);
    Membership m = new Membership(new ViewId("n1", 1), ms, ms.get(0), 3);
    ms.clear();
    assertThat(m.members()).hasSize(2);
    assertThatThrownBy(() -> m.members().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void owner_agreesWithPlacement_andOwnsOnlyOnTheOwner() {
    List<Member> ms = members(3);
    for (int i = 0; i < 100; i++) {
      String name = "counter-" + i;
      Member owner = Placement.owner(name, ms);
      for (Member self : ms) {
        Membership m = new Membership(new ViewId("n1", 1), ms, self, 3);
        assertThat(m.owner(name)).isEqualTo(owner);
        assertThat(m.owns(name)).isEqualTo(self.equals(owner));
      }
    }
  }

  @Test
  void describe_isOneKeyValueLine() {
    assertThat(view(4, 2, 3).describe())
        .isEqualTo("view=n1|4 epoch=4 members=n1,n2 size=2 expected=3 quorum=true");
  }

  @Test
  void member_byName_foundOrEmpty() {
    Membership m = view(1, 3, 3);
    assertThat(m.member("n2")).contains(new Member("n2", "127.0.0.1", 50052));
    assertThat(m.member("n9")).isEmpty();
  }
}
