package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.switchboard.client.ClientCodec;
import io.switchboard.client.SwitchboardClient;
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
    RunResult.Completed<Integer, String> done = assertInstanceOf(RunResult.Completed.class, r);
    assertEquals(List.of("a#1", "b#2"), done.outputs());
  }

  @Test
  void theClientBuildsWithoutAServer() {
    try (SwitchboardClient client = SwitchboardClient.connect("localhost:1")) {
      assertEquals("ack", new String(ClientCodec.utf8().encode("ack"),
          java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
