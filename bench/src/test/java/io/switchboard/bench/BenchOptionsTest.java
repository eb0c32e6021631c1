package io.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOptionsTest {
  private static final Set<String> SUITES = Set.of("local-call", "cast", "failover");

  @TempDir Path dir;

  private Path repo() throws IOException {
    Files.createDirectories(dir.resolve("bench"));
    Files.writeString(dir.resolve("bench/pom.xml"), "<project/>");
    Files.createDirectories(dir.resolve("node/src"));
    return dir;
  }

  @Test
  void parse_noArgumentsInsideRepository_writesResultsAndReportIntoRepository() throws IOException {
    Path root = repo();

    BenchOptions o = BenchOptions.parse(List.of(), root.resolve("node/src"), SUITES);

    assertThat(o.quick()).isFalse();
    assertThat(o.out()).isEqualTo(root.resolve("bench/results").toAbsolutePath());
    assertThat(o.report()).isEqualTo(root.resolve("BENCHMARKS.md").toAbsolutePath());
    assertThat(o.nodeJar()).isEqualTo(root.resolve("node/target/switchboard.jar").toAbsolutePath());
    assertThat(o.selects("cast")).isTrue();
  }

  @Test
  void parse_outWithoutReport_putsReportInOutDirectory() throws IOException {
    Path root = repo();
    Path out = dir.resolve("elsewhere");

    BenchOptions o = BenchOptions.parse(List.of("--quick", "--out", out.toString()), root,
        SUITES);

    assertThat(o.quick()).isTrue();
    assertThat(o.report()).isEqualTo(out.resolve("BENCHMARKS.md").toAbsolutePath());
  }

  @Test
  void parse_only_selectsJustThoseSuites() {
    BenchOptions o = BenchOptions.parse(List.of("--only", "cast,failover"), dir, SUITES);

    assertThat(o.selects("cast")).isTrue();
    assertThat(o.selects("failover")).isTrue();
    assertThat(o.selects("local-call")).isFalse();
  }

  @Test
  void parse_unknownSuite_failsNamingTheKnownOnes() {
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--only", "castt"), dir, SUITES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown suite 'castt'")
        .hasMessageContaining("local-call");
  }

  @Test
  void parse_flagWithoutValue_failsWithUsage() {
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--out"), dir, SUITES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--out needs a value")
        .hasMessageContaining("usage:");
  }

  @Test
  void parse_unknownFlag_fails() {
    assertThatThrownBy(() -> BenchOptions.parse(List.of("--fast"), dir, SUITES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown argument '--fast'");
  }
}
