package io.switchboard.cluster.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.membership.HostPort;
import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.membership.ViewId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RemotePlacementTest {
  private final Member n1 = Member.of("n1", HostPort.parse("127.0.0.1:1"));
  private final Member n2 = Member.of("n2", HostPort.parse("127.0.0.1:2"));
  private final Member n3 = Member.of("n3", HostPort.parse("127.0.0.1:3"));
  private final Membership view = new Membership(new ViewId("n1", 4), List.of(n1, n2, n3), n1, 3);

  @Test
  void anyOther_neverSelf_andStablePerChild() {
    RemotePlacement p = RemotePlacement.anyOther();
    Set<String> chosen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Member m = p.choose("child-" + i, view, Set.of()).orElseThrow();
      assertThat(m).isNotEqualTo(n1);
      assertThat(p.choose("child-" + i, view, Set.of())).contains(m);
      chosen.add(m.name());
    }
    assertThat(chosen).containsExactlyInAnyOrder("n2", "n3");
  }

  @Test
  void anyOther_lostPeerSkipped_othersKeepTheirNode() {
    RemotePlacement p = RemotePlacement.anyOther();
    for (int i = 0; i < 100; i++) {
      String child = "child-" + i;
      Member before = p.choose(child, view, Set.of()).orElseThrow();
      Member after = p.choose(child, view, Set.of("n2")).orElseThrow();
      assertThat(after).isEqualTo(n3);
      if (before.equals(n3)) {
        assertThat(after).as("a child not on the lost node stays").isEqualTo(before);
      }
    }
  }

  @Test
  void anyOther_noOtherNode_empty() {
    Membership alone = new Membership(new ViewId("n1", 9), List.of(n1), n1, 1);
    assertThat(RemotePlacement.anyOther().choose("x", alone, Set.of())).isEmpty();
    assertThat(RemotePlacement.anyOther().choose("x", view, Set.of("n2", "n3"))).isEmpty();
  }

  @Test
  void onNode_inView_thatNode_evenIfLost_absent_empty() {
    assertThat(RemotePlacement.onNode("n3").choose("x", view, Set.of("n3"))).contains(n3);
    assertThat(RemotePlacement.onNode("n9").choose("x", view, Set.of())).isEmpty();
  }
}
