package com.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpc.Status;
import io.switchboard.client.ClientCodec;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.SwitchboardException;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Run;
import io.switchboard.supervisor.RunResult;
import io.switchboard.supervisor.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compiled and run against the installed artefacts only. */
class ConsumerTest {

  /** A user's server: numbers its inputs. */
  static final class Numberer implements GenServer<String, Integer, String> {
    @Override
    public Integer init() {
      return 0;
    }

    @Override
    public Step<Integer, String> step(String input, Integer n) {
      return Step.of(n + 1, input + "#" + (n + 1));
    }
  }

  @Test
  void aServerRunsWithTheSeedsRunner() {
    RunResult<Integer, String> r = Run.run(new Numberer(), List.of("a", "b"));
    if (!(r instanceof RunResult.Completed<Integer, String> done)) {
      throw new AssertionError("expected Completed, got " + r);
    }
    assertThat(done.outputs()).containsExactly("a#1", "b#2");
    assertThat(done.state()).isEqualTo(2);
  }

  @Test
  void theClientBuildsWithoutAServer() {
    try (SwitchboardClient client = Clients.of("localhost:1")) {
      assertEquals("ack", ClientCodec.utf8().decode(ClientCodec.utf8().encode("ack")));
    }
  }

  @Test
  void aCallWithNoNodeFailsAsUnavailable() {
    // the gRPC transport (switchboard-client's runtime dependency) is on the consumer's classpath
    try (SwitchboardClient client = Clients.of("localhost:1")) {
      SwitchboardException e = assertThrows(SwitchboardException.class,
          () -> client.call("counter-1", "read", ClientCodec.utf8()));
      if (e.code() != Status.Code.UNAVAILABLE && e.code() != Status.Code.DEADLINE_EXCEEDED) {
        fail("expected UNAVAILABLE, got " + e.code() + ": " + e.description());
      }
    }
  }
}
