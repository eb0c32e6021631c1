package io.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ChildProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void awaitLine_lineLogged_returnsAndCloseKills() throws Exception {
    ChildProcess p = ChildProcess.start("sleeper", List.of("sh", "-c", "echo up; exec sleep 60"),
        dir.resolve("sleeper.log"));
    try (p) {
      p.awaitLine(Pattern.compile("^up$", Pattern.MULTILINE), 1, WAIT);
      assertThat(p.isAlive()).isTrue();
      assertThat(p.exitCode()).isEqualTo(-1);
    }
    assertThat(p.isAlive()).isFalse();
  }

  @Test
  void awaitLine_processExitsFirst_failsAtOnceWithTheTail() throws Exception {
    try (ChildProcess p = ChildProcess.start("quitter", List.of("sh", "-c", "echo bye; exit 3"),
        dir.resolve("quitter.log"))) {
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> p.awaitLine(Pattern.compile("never"), 1, WAIT))
          .isInstanceOf(AwaitFailed.class).hasMessageContaining("quitter exited with 3")
          .hasMessageContaining("bye");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(WAIT);
    }
  }

  @Test
  void start_withEnvironment_childSeesItBesideThisJvmsOwn() throws Exception {
    try (ChildProcess p = ChildProcess.start("env", List.of("sh", "-c",
            "echo \"extra=$SB_TEST_EXTRA path=${PATH:+set}\"; exec sleep 60"),
        Map.of("SB_TEST_EXTRA", "x1"), dir.resolve("env.log"))) {
      p.awaitLine(Pattern.compile("^extra=x1 path=set$", Pattern.MULTILINE), 1, WAIT);
    }
  }

  @Test
  void pauseResumeTerminate_signalsReachTheProcess() throws Exception {
    try (ChildProcess p = ChildProcess.start("sleeper", List.of("sleep", "60"),
        dir.resolve("s.log"))) {
      p.pause();
      assertThat(ProcessHandle.of(p.pid()).orElseThrow().isAlive()).isTrue();
      assertThat(p.terminate(WAIT)).as("SIGTERM after a pause").isEqualTo(143);
    }
  }

  @Test
  void java_buildsTheCommandOfThisJvm() {
    List<String> cmd = ChildProcess.java(List.of("-Xmx64m"), "a.jar", "x.Main", List.of("node"));
    assertThat(cmd.get(0)).endsWith("java");
    assertThat(cmd.subList(1, cmd.size())).containsExactly("-Xmx64m", "-cp", "a.jar", "x.Main",
        "node");
  }
}
