package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.membership.HostPort;
import io.switchboard.cluster.membership.Member;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

  private static ClusterConfig.Builder minimal() {
    return ClusterConfig.builder().nodeName("n1").grpc("127.0.0.1", 50051);
  }

  @Test
  void build_noSeeds_standaloneWithExpectedSizeOne() {
    ClusterConfig c = minimal().build();
    assertThat(c.discovery()).isEqualTo(new Discovery.Seeds(List.of()));
    assertThat(c.expectedSize()).isEqualTo(1);
    assertThat(c.clusterName()).isEqualTo("switchboard");
    assertThat(c.bindHost()).isEqualTo("127.0.0.1");
    assertThat(c.clusterPort()).isEqualTo(7800);
    assertThat(c.self()).isEqualTo(new Member("n1", "127.0.0.1", 50051));
  }

  @Test
  void build_seeds_expectedSizeDefaultsToSeedCount() {
    ClusterConfig c =
        minimal()
            .seeds(Discovery.Seeds.parse("127.0.0.1:7800,127.0.0.1:7801,127.0.0.1:7802").hosts())
            .build();
    assertThat(c.expectedSize()).isEqualTo(3);
  }

  @Test
  void build_explicitExpectedSize_wins() {
    ClusterConfig c = minimal().seeds(List.of(new HostPort("a", 1))).expectedSize(5).build();
    assertThat(c.expectedSize()).isEqualTo(5);
  }

  @Test
  void build_dnsWithoutExpectedSize_rejected() {
    assertThatThrownBy(() -> minimal().discovery(Discovery.parse("dns:switchboard")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--expected-size");
  }

  @Test
  void build_dnsWithExpectedSize_ok() {
    ClusterConfig c =
        minimal().discovery(Discovery.parse("dns:switchboard")).expectedSize(3).build();
    assertThat(c.discovery()).isEqualTo(new Discovery.Dns("switchboard"));
  }

  @Test
  void build_missingNameOrEndpoint_rejected() {
    assertThatThrownBy(() -> ClusterConfig.builder().grpc("h", 1).build())
        .hasMessageContaining("nodeName");
    assertThatThrownBy(() -> ClusterConfig.builder().nodeName("n1").build())
        .hasMessageContaining("gRPC");
  }

  @Test
  void build_badPort_rejected() {
    assertThatThrownBy(() -> minimal().clusterPort(0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void timings_defaults_areTheTunedOnes() {
    ClusterTimings t = ClusterTimings.DEFAULTS;
    assertThat(t.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(t.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(t.verifySuspectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(t.mergeMinInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(t.mergeMaxInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.joinTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(minimal().build().timings()).isEqualTo(t);
  }

  @Test
  void timings_intervalNotBelowTimeout_rejected() {
    Duration s = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new ClusterTimings(s, s, s, s, Duration.ofSeconds(2), s))
        .hasMessageContaining("heartbeatInterval");
    assertThatThrownBy(() -> new ClusterTimings(Duration.ofSeconds(2), s, s, s, s, s))
        .hasMessageContaining("mergeMinInterval");
  }

  @Test
  void discovery_parse_unknownScheme_rejected() {
    assertThatThrownBy(() -> Discovery.parse("k8s:foo")).hasMessageContaining("dns:NAME");
    assertThatThrownBy(() -> Discovery.parse("dns: ")).hasMessageContaining("needs a name");
  }

  @Test
  void seeds_parse_blankMeansNone() {
    assertThat(Discovery.Seeds.parse("").hosts()).isEmpty();
    assertThat(Discovery.Seeds.parse(" a:1 , b:2 ").hosts())
        .containsExactly(new HostPort("a", 1), new HostPort("b", 2));
  }

  @Test
  void hostPort_parse_roundTripsIpv4NamesAndIpv6() {
    assertThat(HostPort.parse("127.0.0.1:7800")).isEqualTo(new HostPort("127.0.0.1", 7800));
    assertThat(HostPort.parse("[::1]:7800")).isEqualTo(new HostPort("::1", 7800));
    assertThat(new HostPort("::1", 7800).toString()).isEqualTo("[::1]:7800");
    assertThat(HostPort.parse(new HostPort("::1", 9).toString())).isEqualTo(new HostPort("::1", 9));
  }

  @Test
  void hostPort_parse_malformed_rejected() {
    assertThatThrownBy(() -> HostPort.parse("nohost")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HostPort.parse("h:")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HostPort.parse("h:x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HostPort.parse("h:70000"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
