package io.switchboard.cluster.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.supervisor.Reply;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GrpcRepliesTest {
  /** One failure of every kind: adding a kind to Reply without adding it here fails the test. */
  private static final List<Reply.Failure<Object>> EVERY_KIND = List.of(
      new Reply.NotFound<>("n"), new Reply.InvalidInput<>("bad"), new Reply.Overloaded<>("full"),
      new Reply.Crashed<>("n", "boom"), new Reply.Timeout<>("late"),
      new Reply.Unavailable<>("down"), new Reply.AlreadyStarted<>("n"));

  @Test
  void everyKind_isCoveredByThisTest() {
    Set<Reply.Code> seen = EnumSet.noneOf(Reply.Code.class);
    EVERY_KIND.forEach(f -> seen.add(f.code()));
    assertThat(seen).isEqualTo(EnumSet.allOf(Reply.Code.class));
  }

  @Test
  void toStatus_everyFailure_itsCodeAndMessage() {
    assertThat(GrpcReplies.toStatus(new Reply.NotFound<>("x")).getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(GrpcReplies.toStatus(new Reply.InvalidInput<>("bad")).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(GrpcReplies.toStatus(new Reply.Overloaded<>("full")).getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    Status crashed = GrpcReplies.toStatus(new Reply.Crashed<>("counter-1", "boom"));
    assertThat(crashed.getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(crashed.getDescription()).isEqualTo("server 'counter-1' crashed: boom");
    assertThat(GrpcReplies.toStatus(new Reply.Timeout<>("late")).getCode())
        .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(GrpcReplies.toStatus(new Reply.Unavailable<>("down")).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(GrpcReplies.toStatus(new Reply.AlreadyStarted<>("x")).getCode())
        .isEqualTo(Status.Code.ALREADY_EXISTS);
  }

  @Test
  void fromStatus_ofToStatus_sameFailure() {
    for (Reply.Failure<Object> f : EVERY_KIND) {
      if (f instanceof Reply.Unavailable<Object>) {
        continue; // carries the peer's name: checked below
      }
      assertThat(GrpcReplies.<Object>fromStatus(GrpcReplies.toStatus(f), "n", "peer n2"))
          .isEqualTo(f);
    }
    assertThat(GrpcReplies.fromStatus(GrpcReplies.toStatus(new Reply.Unavailable<>("down")),
        "n", "peer n2").message()).isEqualTo("peer n2: UNAVAILABLE down");
  }

  @Test
  void fromStatus_cancelled_timeoutBecauseTheOutcomeIsUnknown() {
    assertThat(GrpcReplies.fromStatus(Status.CANCELLED, "n", "peer n2"))
        .isInstanceOf(Reply.Timeout.class);
  }

  @Test
  void fromThrowable_unmappedCode_unavailableNamingPeerAndCode() {
    Reply.Failure<Object> f = GrpcReplies.fromThrowable(
        new StatusRuntimeException(Status.INTERNAL.withDescription("oops")), "n", "n2");
    assertThat(f).isInstanceOf(Reply.Unavailable.class);
    assertThat(f.message()).isEqualTo("peer n2: INTERNAL oops");
  }
}
