package io.switchboard.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code monitoring/grafana/switchboard.json} against the metrics the node
 * exports and the data source Grafana is provisioned with. Whether each query
 * returns data from live nodes is the monitoring IT's job.
 */
class GrafanaDashboardTest {

  private static JsonNode dashboard;
  private static List<JsonNode> panels;

  @BeforeAll
  static void load() {
    dashboard = StrictYaml.JSON.readTree(RepositoryFiles.read(RepositoryFiles.file("monitoring/grafana/switchboard.json")));
    panels = new ArrayList<>();
    collectPanels(dashboard.path("panels"), panels);
  }

  @Test
  void dashboard_parses_withIdentityAndQueryPanels() {
    assertThat(dashboard.path("uid").asString()).isEqualTo("switchboard");
    assertThat(dashboard.path("title").asString()).isNotBlank();
    assertThat(queryPanels()).hasSizeGreaterThanOrEqualTo(10);
    assertThat(queryPanels()).allSatisfy(panel -> assertThat(panel.path("targets")).as(title(panel)).isNotEmpty());
  }

  @Test
  void expressions_useOnlyExportedMetrics() {
    for (JsonNode panel : queryPanels()) {
      for (JsonNode target : panel.path("targets")) {
        String expression = target.path("expr").asString();
        assertThat(PromQl.balanced(expression)).as("%s: brackets of %s", title(panel), expression).isTrue();
        assertThat(PromQl.metricNames(expression)).as("%s: metrics of %s", title(panel), expression)
            .isNotEmpty()
            .allSatisfy(name -> assertThat(ExportedMetrics.isExported(name)).as("%s is exported", name).isTrue());
      }
    }
  }

  @Test
  void dashboard_showsEveryContractMetric() {
    Set<String> shown = new HashSet<>();
    for (JsonNode panel : queryPanels()) {
      for (JsonNode target : panel.path("targets")) {
        PromQl.metricNames(target.path("expr").asString())
            .forEach(name -> ExportedMetrics.contractMetricOf(name).ifPresent(shown::add));
      }
    }

    assertThat(shown).containsAll(ExportedMetrics.COUNTERS_AND_GAUGES).containsAll(ExportedMetrics.HISTOGRAMS);
  }

  @Test
  void everyPanelAndTarget_usesTheProvisionedDataSource() {
    JsonNode provisioned = StrictYaml.yamlTree(
        RepositoryFiles.file("monitoring/grafana/provisioning/datasources/prometheus.yml")).path("datasources");
    assertThat(provisioned).hasSize(1);
    String uid = provisioned.get(0).path("uid").asString();
    assertThat(uid).isNotBlank();

    for (JsonNode panel : queryPanels()) {
      assertThat(panel.path("datasource").path("uid").asString()).as(title(panel)).isEqualTo(uid);
      for (JsonNode target : panel.path("targets")) {
        if (target.has("datasource")) {
          assertThat(target.path("datasource").path("uid").asString()).as(title(panel)).isEqualTo(uid);
        }
      }
    }
  }

  @Test
  void panels_haveUniqueIds() {
    List<Integer> ids = panels.stream().map(panel -> panel.path("id").asInt()).toList();

    assertThat(ids).doesNotHaveDuplicates().doesNotContain(0);
  }

  /** Panels that run queries: every panel but rows (which only group others). */
  private static List<JsonNode> queryPanels() {
    return panels.stream().filter(panel -> !"row".equals(panel.path("type").asString())).toList();
  }

  /** Top-level panels plus those nested in (collapsed) rows. */
  private static void collectPanels(JsonNode list, List<JsonNode> into) {
    for (JsonNode panel : list) {
      into.add(panel);
      collectPanels(panel.path("panels"), into);
    }
  }

  private static String title(JsonNode panel) {
    return "panel '" + panel.path("title").asString() + "'";
  }
}
