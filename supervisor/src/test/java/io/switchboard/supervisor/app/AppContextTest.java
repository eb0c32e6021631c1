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
        "SWITCHBOARD_APP_CONFIG", "/etc/app.properties", // the node's --app-config
        "SWITCHBOARD_APP_", "empty key",
        "SWITCHBOARD_SEEDS", "a:1",
        "PATH", "/usr/bin"));
    assertThat(config).containsExactlyInAnyOrderEntriesOf(Map.of(
        "counter-durability", "none",
        "bank-max-balance", "100"));
  }

  @Test
  void configFrom_fileThenEnvironment_theVariableWins() {
    java.util.Properties file = new java.util.Properties();
    file.setProperty("bank-max-balance", "5");
    file.setProperty("bank-currency", " EUR ");
    Map<String, String> config = AppContext.configFrom(
        Map.of("SWITCHBOARD_APP_BANK_MAX_BALANCE", "100"), file);
    assertThat(config).containsExactlyInAnyOrderEntriesOf(Map.of(
        "bank-max-balance", "100",
        "bank-currency", "EUR"));
  }
}
