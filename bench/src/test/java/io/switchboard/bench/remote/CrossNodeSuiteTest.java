package io.switchboard.bench.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class CrossNodeSuiteTest {

  @Test
  void brief_refusedNodeWithUsageText_keepsTheReasonNotTheUsage() {
    IOException e = new IOException("""
        node n1 exited with 2 before it was ready:
        --seeds/--discovery ask for a cluster, but this build's node runs standalone only
        Usage: switchboard node [-h] [--app=APP] [--cluster-port=PORT]
                                [--grpc-port=PORT] [--host=HOST]
          -h, --help      Show this help message and exit.
        """);

    String brief = CrossNodeSuite.brief(e);

    assertThat(brief).startsWith("node n1 exited with 2 before it was ready:")
        .contains("ask for a cluster")
        .doesNotContain("Usage:", "--grpc-port", "--help");
  }

  @Test
  void brief_exceptionWithoutMessage_namesTheException() {
    assertThat(CrossNodeSuite.brief(new IllegalStateException()))
        .isEqualTo("java.lang.IllegalStateException");
  }
}
