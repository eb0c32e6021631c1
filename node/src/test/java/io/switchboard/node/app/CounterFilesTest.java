package io.switchboard.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CounterFilesTest {
  private final Path data = Path.of("/data");

  @Test
  void file_plainName_usedAsIs() {
    assertThat(CounterFiles.file(data, "counter-7")).isEqualTo(Path.of("/data/counters/counter-7"));
  }

  @Test
  void file_pathSeparatorsOrDots_hashedInsideTheDirectory() {
    for (String evil : new String[] {"counter-../../etc/passwd", "counter-a/b", "..", "."}) {
      Path file = CounterFiles.file(data, evil);
      assertThat(file.getParent()).isEqualTo(Path.of("/data/counters"));
      assertThat(file.getFileName().toString()).startsWith("sha256-");
    }
  }

  @Test
  void file_overlongOrUnicodeName_hashedDistinctly() {
    Path a = CounterFiles.file(data, "counter-" + "a".repeat(1000));
    Path b = CounterFiles.file(data, "counter-" + "a".repeat(999));
    assertThat(a).isNotEqualTo(b);
    assertThat(a.getFileName().toString()).hasSize("sha256-".length() + 64);
    assertThat(CounterFiles.file(data, "counter-é").getFileName().toString())
        .startsWith("sha256-");
  }
}
