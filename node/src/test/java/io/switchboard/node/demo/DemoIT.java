package io.switchboard.node.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.NodeJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard demo} as the README runs it: three processes, the tour, exit 0. */
class DemoIT {
  @TempDir Path dir;

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void demo_runsTheTour_endsWithDemoOkAndLeavesNoNodeBehind() throws Exception {
    Path jar = NodeJar.path();
    assertThat(jar).as("run 'package' first").exists();
    Path out = dir.resolve("demo.out");
    Process p = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "demo"))
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    boolean done = p.waitFor(200, TimeUnit.SECONDS);
    String text = Files.readString(out);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    assertThat(done).as(text).isTrue();
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).contains("demo: ok", "kill -9 -> first call ok", "connected line-bob",
        "every node says the owner is", "remote child restarted on");
    // the nodes it started are gone
    assertThat(p.descendants().filter(ProcessHandle::isAlive).count()).isZero();
    assertThat(ProcessHandle.allProcesses()
        .filter(h -> h.info().commandLine().orElse("").contains("switchboard-demo-"))
        .filter(ProcessHandle::isAlive).count()).as("leftover demo nodes").isZero();
  }
}
