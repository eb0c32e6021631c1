package io.switchboard.cluster.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.membership.ViewId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnershipLeaseTest {
  private static final long S = 1_000_000_000L;
  private final Member a = Member.of("a", io.switchboard.cluster.membership.HostPort.parse("127.0.0.1:1"));
  private final Member b = Member.of("b", io.switchboard.cluster.membership.HostPort.parse("127.0.0.1:2"));
  private final Member c = Member.of("c", io.switchboard.cluster.membership.HostPort.parse("127.0.0.1:3"));
  private final OwnershipLease lease = new OwnershipLease(Duration.ofSeconds(2));

  private Membership view(long epoch, Member... members) {
    return new Membership(new ViewId("a", epoch), List.of(members), a, 3);
  }

  @Test
  void isValid_noAnswerYet_notValid() {
    Membership v = view(5, a, b, c);
    lease.onView(v);
    assertThat(lease.isValid(v, 10 * S)).isFalse();
    assertThat(lease.reasonInvalid(v, 10 * S)).contains("heard from 1 of 3");
  }

  @Test
  void isValid_majorityAnsweredWithinLease_valid() {
    Membership v = view(5, a, b, c);
    lease.onView(v);
    lease.onPong("b", 5, 10 * S);
    assertThat(lease.isValid(v, 10 * S + S)).isTrue();
  }

  @Test
  void isValid_answerOlderThanLease_lapsed() {
    Membership v = view(5, a, b, c);
    lease.onView(v);
    lease.onPong("b", 5, 10 * S);
    assertThat(lease.isValid(v, 12 * S)).isFalse();
  }

  @Test
  void onPong_fromAnotherEpoch_doesNotCount_afterPauseTheLeaseStaysLapsed() {
    Membership v = view(5, a, b, c);
    lease.onView(v);
    // the others moved on to epoch 6 while this node was paused: their answers do not count
    lease.onPong("b", 6, 20 * S);
    lease.onPong("c", 6, 20 * S);
    assertThat(lease.isValid(v, 20 * S)).isFalse();
    assertThat(lease.lastContact("b")).isEqualTo(20 * S);
  }

  @Test
  void onView_newEpoch_forgetsAnswersOfTheOldView() {
    Membership v5 = view(5, a, b, c);
    lease.onView(v5);
    lease.onPong("b", 5, 10 * S);
    Membership v6 = view(6, a, b, c);
    lease.onView(v6);
    assertThat(lease.isValid(v6, 10 * S)).isFalse();
    assertThat(lease.reasonInvalid(v5, 10 * S)).contains("not confirmed");
  }

  @Test
  void isValid_singleExpectedNode_alwaysValidOnceConfirmed() {
    Membership v = new Membership(new ViewId("a", 1), List.of(a), a, 1);
    lease.onView(v);
    assertThat(lease.isValid(v, 0)).isTrue();
  }

  @Test
  void requireShorterThan_leaseNotBelowDetection_fails() {
    assertThatThrownBy(() -> lease.requireShorterThan(Duration.ofSeconds(2)))
        .hasMessageContaining("shorter than failure detection");
    lease.requireShorterThan(Duration.ofMillis(3500));
  }

  @Test
  void leaseMessage_roundTrips_andRejectsGarbage() {
    LeaseMessage m = new LeaseMessage(true, 7, 123);
    assertThat(LeaseMessage.decode(m.encode())).contains(m);
    assertThat(LeaseMessage.decode(new byte[] {1, 2, 3})).isEmpty();
    LeaseMessage leave = LeaseMessage.leave(9);
    assertThat(LeaseMessage.decode(leave.encode())).hasValueSatisfying(d -> {
      assertThat(d.leaving()).isTrue();
      assertThat(d.ping()).isFalse();
      assertThat(d.epoch()).isEqualTo(9);
    });
  }
}
