package io.switchboard.cluster.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.switchboard.supervisor.Reply;
import org.junit.jupiter.api.Test;

class GrpcRepliesTest {

  @Test
  void alreadyStarted_mapsToAlreadyExistsAndBack() {
    Status s = GrpcReplies.toStatus(new Reply.AlreadyStarted<>("counter-1"));
    assertThat(s.getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(s.getDescription()).isEqualTo("a server named 'counter-1' is already started");
    Reply<Object> back = GrpcReplies.fromThrowable(s.asRuntimeException(), "counter-1", "n2");
    assertThat(back).isEqualTo(new Reply.AlreadyStarted<>("counter-1"));
  }
}
