package io.switchboard.node.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.switchboard.supervisor.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusMappingTest {

  @Test
  void toStatus_everyFailure_itsCodeAndMessage() {
    assertThat(StatusMapping.toStatus(new Reply.NotFound<>("x")).getCode())
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(StatusMapping.toStatus(new Reply.InvalidInput<>("bad")).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(StatusMapping.toStatus(new Reply.Overloaded<>("full")).getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    Status crashed = StatusMapping.toStatus(new Reply.Crashed<>("counter-1", "boom"));
    assertThat(crashed.getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(crashed.getDescription()).isEqualTo("server 'counter-1' crashed: boom");
    assertThat(StatusMapping.toStatus(new Reply.Timeout<>("late")).getCode())
        .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(StatusMapping.toStatus(new Reply.Unavailable<>("down")).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void fromStatus_ofToStatus_sameFailure() {
    List<Reply.Failure<Object>> all = List.of(new Reply.NotFound<>("n"),
        new Reply.InvalidInput<>("bad"), new Reply.Overloaded<>("full"),
        new Reply.Crashed<>("n", "boom"), new Reply.Timeout<>("late"));
    for (Reply.Failure<Object> f : all) {
      assertThat(StatusMapping.<Object>fromStatus(StatusMapping.toStatus(f), "n")).isEqualTo(f);
    }
  }

  @Test
  void fromStatus_unmappedCode_unavailableNamingTheCode() {
    Reply.Failure<Object> f = StatusMapping.fromStatus(
        Status.INTERNAL.withDescription("oops"), "n");
    assertThat(f).isInstanceOf(Reply.Unavailable.class);
    assertThat(f.message()).isEqualTo("INTERNAL: oops");
  }
}
