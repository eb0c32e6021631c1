package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged bench jar in quick mode end to end, as {@code ./switchboard bench --quick}
 * would, into a temporary directory, and checks that every suite left a result (measured or an
 * explained gap, never an error), that the plots were drawn and the report written. The numbers
 * are not checked: benchmarks are never timed assertions.
 */
class BenchQuickIT {
  private static final Path JAR = Path.of("target/switchboard-bench.jar");
  private static final Path NODE_JAR = Path.of("../node/target/switchboard.jar");

  @TempDir Path out;

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void quickRun_allSuites_writeResultsPlotsAndReport() throws Exception {
    assertThat(JAR).as("the shaded bench jar (built at package)").isRegularFile();
    Path log = out.resolve("run.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-jar", JAR.toString(), "--quick", "--out", out.toString(), "--node-jar",
        NODE_JAR.toAbsolutePath().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = p.waitFor(7, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String output = Files.readString(log);
    assertThat(finished).as("finished in time; output:\n%s", output).isTrue();
    assertThat(p.exitValue()).as("exit status; output:\n%s", output).isZero();

    for (Suite s : BenchMain.SUITES) {
      Path json = out.resolve(s.name() + ".json");
      assertThat(json).isRegularFile();
      String status = JsonParser.parseString(Files.readString(json)).getAsJsonObject()
          .get("status").getAsString();
      assertThat(status).as("%s status", s.name()).isIn("OK", "PARTIAL", "GAP");
    }
    assertThat(pngs()).hasSizeGreaterThanOrEqualTo(2);
    String report = Files.readString(out.resolve("BENCHMARKS.md"));
    assertThat(report).contains("## Machine", "## Figures vs goals", "## Plots",
        "local call round-trip p50", "failover after kill -9 of the owner, p99");
    for (Path png : pngs()) {
      assertThat(report).contains("](" + png.getFileName() + ")");
    }
  }

  private List<Path> pngs() throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(f -> f.toString().endsWith(".png")).toList();
    }
  }
}
