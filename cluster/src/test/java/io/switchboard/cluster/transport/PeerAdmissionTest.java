package io.switchboard.cluster.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.membership.ViewId;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PeerAdmissionTest {
  private final Member n1 = new Member("n1", "127.0.0.1", 50051, 50061);
  private final Member n2 = new Member("n2", "10.1.2.3", 50051, 50061);
  private final AtomicReference<Membership> view = new AtomicReference<>();
  private final PeerAdmission admission = new PeerAdmission(view::get);

  private static InetSocketAddress from(String ip) {
    return new InetSocketAddress(ip, 40000);
  }

  @Test
  void addressOfAMember_admitted_othersRefusedWithTheReason() {
    view.set(new Membership(new ViewId("n1", 4), List.of(n1, n2), n1, 3));
    assertThat(admission.refusal(from("127.0.0.1"))).isEmpty();
    assertThat(admission.refusal(from("10.1.2.3"))).isEmpty();
    assertThat(admission.refusal(from("10.1.2.4"))).hasValueSatisfying(r ->
        assertThat(r).contains("10.1.2.4").contains("view 4").contains("admits only members"));
  }

  @Test
  void memberLeavesTheView_itsAddressIsRefusedFromTheNextView() {
    view.set(new Membership(new ViewId("n1", 4), List.of(n1, n2), n1, 3));
    assertThat(admission.refusal(from("10.1.2.3"))).isEmpty();
    view.set(new Membership(new ViewId("n1", 5), List.of(n1), n1, 3));
    assertThat(admission.refusal(from("10.1.2.3"))).isPresent();
  }

  @Test
  void noViewYet_orNoAddress_refused() {
    assertThat(admission.refusal(from("127.0.0.1"))).hasValue("this node has no view yet");
    view.set(new Membership(new ViewId("n1", 1), List.of(n1), n1, 1));
    assertThat(admission.refusal(null)).isPresent();
    assertThat(admission.refusal(InetSocketAddress.createUnresolved("n1", 1))).isPresent();
  }
}
