package io.switchboard.supervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AppContextTest {

  @Test
  void configFrom_takesTheAppVariablesKeyedInLowerCaseWithDashes() {
    Map<String, String> config = AppContext.configFrom(Map.of(
        "SWITCHBOARD_APP_COUNTER_DURABILITY", "none",
        "SWITCHBOARD_APP_BANK_MAX_BALANCE", "100",
        "SWITCHBOARD_APP_PATH", "/app/plugins", // the node's --app-path, not a setting
        "SWITCHBOARD_APP_", "empty key",
        "SWITCHBOARD_SEEDS", "a:1",
        "PATH", "/usr/bin"));
    assertThat(config).containsExactlyInAnyOrderEntriesOf(Map.of(
        "counter-durability", "none",
        "bank-max-balance", "100"));
  }
}
