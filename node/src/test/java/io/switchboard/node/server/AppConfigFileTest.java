package io.switchboard.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.core.AppSelection;
import io.switchboard.node.core.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --app-config FILE}: the applications' settings reach their providers. */
@Timeout(60)
class AppConfigFileTest {
  @TempDir Path dir;

  @Test
  void settingFromTheFile_reachesTheProvider_aBadValueStopsTheStartNamingIt() throws Exception {
    Path file = dir.resolve("app.properties");
    Files.writeString(file, "# the demo's counters\ncounter-durability = sometimes\n");
    NodeConfig config = NodeConfig.standalone("cfg1", dir.resolve("data"))
        .withApps(new AppSelection(List.of("demo"), null, file));
    assertThatThrownBy(() -> NodeServer.builder(config).start())
        .hasMessageContaining("counter-durability")
        .hasMessageContaining("'sometimes'");
  }

  @Test
  void goodFile_nodeStarts() throws Exception {
    Path file = dir.resolve("app.properties");
    Files.writeString(file, "counter-durability = none\n");
    NodeConfig config = NodeConfig.standalone("cfg2", dir.resolve("data"))
        .withApps(new AppSelection(List.of("demo"), null, file));
    try (NodeServer node = NodeServer.builder(config).start()) {
      assertThat(node.notReadyReason()).isEmpty();
    }
  }

  @Test
  void missingFile_startFailsNamingIt() {
    Path file = dir.resolve("nope.properties");
    NodeConfig config = NodeConfig.standalone("cfg3", dir.resolve("data"))
        .withApps(new AppSelection(List.of("demo"), null, file));
    assertThatThrownBy(() -> NodeServer.builder(config).start())
        .hasMessageContaining("cannot read --app-config " + file);
  }
}
