package io.switchboard.cluster.jgroups;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.membership.ViewId;
import java.util.List;
import org.jgroups.Address;
import org.jgroups.MergeView;
import org.jgroups.View;
import org.jgroups.util.UUID;
import org.jgroups.util.Util;
import org.junit.jupiter.api.Test;

class ViewTranslatorTest {

  private static final Member N1 = new Member("n1", "127.0.0.1", 50051);
  private static final Member N2 = new Member("n2", "127.0.0.1", 50052);
  private static final Member N3 = new Member("n3", "127.0.0.1", 50053);

  private static Address address(Member m) {
    return MemberAddresses.generator(m).generateAddress(m.name());
  }

  @Test
  void translate_view_membersInViewOrderWithEndpoints() {
    Address a1 = address(N1);
    Address a2 = address(N2);
    Address a3 = address(N3);
    View view = new View(a1, 5, List.of(a1, a2, a3));

    Membership m = ViewTranslator.translate(view, a2, 3).membership();

    assertThat(m.members()).containsExactly(N1, N2, N3);
    assertThat(m.self()).isEqualTo(N2);
    assertThat(m.viewId()).isEqualTo(new ViewId("n1", 5));
    assertThat(m.epoch()).isEqualTo(5);
    assertThat(m.hasQuorum()).isTrue();
  }

  @Test
  void translate_mergeView_epochIsTheMergeViewId() {
    Address a1 = address(N1);
    Address a3 = address(N3);
    View left = new View(a1, 6, List.of(a1));
    View right = new View(a3, 6, List.of(a3));
    MergeView merged = new MergeView(a3, 7, List.of(a3, a1), List.of(left, right));

    Membership m = ViewTranslator.translate(merged, a1, 3).membership();

    assertThat(m.epoch()).isEqualTo(7);
    assertThat(m.viewId().coordinator()).isEqualTo("n3");
    assertThat(m.members()).containsExactly(N3, N1);
  }

  @Test
  void translate_addressWithoutEndpoint_leftOutAndReported() {
    Address a1 = address(N1);
    Address foreign = UUID.randomUUID();
    View view = new View(a1, 2, List.of(a1, foreign));

    ViewTranslator.Translation t = ViewTranslator.translate(view, a1, 2);

    assertThat(t.membership().members()).containsExactly(N1);
    assertThat(t.membership().hasQuorum()).isFalse(); // the stranger does not count towards quorum
    assertThat(t.skipped()).singleElement().asString().contains("no endpoint");
  }

  @Test
  void translate_sameNameTwice_laterIncarnationWins() {
    Address a1 = address(N1);
    Address old2 = address(N2);
    Member restarted = new Member("n2", "127.0.0.1", 60052);
    Address new2 = address(restarted);
    View view = new View(a1, 9, List.of(a1, old2, new2));

    ViewTranslator.Translation t = ViewTranslator.translate(view, a1, 3);

    assertThat(t.membership().members()).containsExactly(N1, restarted);
    assertThat(t.skipped()).singleElement().asString().contains("older incarnation");
  }

  @Test
  void translate_sameNameTwice_selfIsAlwaysKept() {
    Address a1 = address(N1);
    Address self2 = address(N2);
    Address other2 = address(new Member("n2", "127.0.0.1", 60052));
    View view = new View(a1, 9, List.of(a1, self2, other2));

    Membership m = ViewTranslator.translate(view, self2, 3).membership();

    assertThat(m.members()).containsExactly(N1, N2);
    assertThat(m.self()).isEqualTo(N2);
  }

  @Test
  void serialisedView_keepsEveryEndpoint() throws Exception {
    Address a1 = address(N1);
    Address a2 = address(N2);
    View view = new View(a1, 3, List.of(a1, a2));

    View copy = Util.streamableFromByteBuffer(View.class, Util.streamableToByteBuffer(view));

    assertThat(MemberAddresses.decode(copy.getMembers().get(0))).contains(N1);
    assertThat(MemberAddresses.decode(copy.getMembers().get(1))).contains(N2);
    assertThat(ViewTranslator.translate(copy, a2, 2).membership().members())
        .containsExactly(N1, N2);
  }
}
