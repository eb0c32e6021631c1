package io.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.supervisor.ExitReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CounterPersistenceTest {
  @TempDir Path dir;

  @Test
  void init_missingFile_startsAtZero() throws Exception {
    assertThat(new Counter(dir.resolve("c")).init()).isZero();
  }

  @Test
  void terminate_thenInit_roundTripsTheValue() throws Exception {
    Path file = dir.resolve("sub/counter-7");
    new Counter(file).terminate(ExitReason.SHUTDOWN, 42L);
    assertThat(new Counter(file).init()).isEqualTo(42L);
    assertThat(Files.list(file.getParent())).containsExactly(file);
  }

  @Test
  void terminate_overwrites_previousValue() throws Exception {
    Path file = dir.resolve("c");
    new Counter(file).terminate(ExitReason.SHUTDOWN, 1L);
    new Counter(file).terminate(ExitReason.SHUTDOWN, 2L);
    assertThat(new Counter(file).init()).isEqualTo(2L);
  }

  @Test
  void init_corruptFile_failsNamingTheFile() throws Exception {
    Path file = dir.resolve("c");
    Files.write(file, "not a number".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> new Counter(file).init())
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("corrupt");
  }
}
