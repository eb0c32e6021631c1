package io.switchboard.cluster.jgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.ClusterConfig;
import io.switchboard.cluster.ClusterPorts;
import io.switchboard.cluster.membership.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may be in one group: only nodes of the same {@code --cluster-name}, and one live node per
 * {@code --name}. Real JGroups channels on 127.0.0.1 in this JVM, every node seeded with every
 * port, so only the rule under test keeps them apart.
 */
class ClusterIsolationIT {
  private static final Duration FORM_BOUND = Duration.ofSeconds(30);

  private final String tag = Long.toHexString(System.nanoTime());
  private final List<JGroupsMembership> started = new ArrayList<>();

  @AfterEach
  void closeAll() {
    started.forEach(JGroupsMembership::close);
  }

  private JGroupsMembership start(ClusterConfig config, ViewRecorder recorder) {
    JGroupsMembership m = new JGroupsMembership(config);
    m.addListener(recorder);
    started.add(m);
    m.start();
    return m;
  }

  private static Set<String> names(io.switchboard.cluster.membership.Membership m) {
    return m.members().stream().map(Member::name).collect(Collectors.toSet());
  }

  @Test
  @Timeout(120)
  void twoClusterNamesOnOneNetwork_eachFormsItsOwnView_neverMerged() throws Exception {
    ClusterPorts ports = new ClusterPorts(4);
    String alpha = "alpha-" + tag;
    String beta = "beta-" + tag;
    List<ViewRecorder> alphas = new ArrayList<>();
    List<ViewRecorder> betas = new ArrayList<>();
    for (int i = 0; i < 4; i++) { // n1 alpha, n2 beta, n3 alpha, n4 beta: interleaved starts
      boolean a = i % 2 == 0;
      ViewRecorder r = new ViewRecorder();
      (a ? alphas : betas).add(r);
      start(ports.config(i).clusterName(a ? alpha : beta).expectedSize(2)
          .grpc("127.0.0.1", 50_051 + i).build(), r);
    }
    for (ViewRecorder r : alphas) {
      r.awaitLatest(m -> names(m).equals(Set.of("n1", "n3")), FORM_BOUND, "alpha of n1, n3");
    }
    for (ViewRecorder r : betas) {
      r.awaitLatest(m -> names(m).equals(Set.of("n2", "n4")), FORM_BOUND, "beta of n2, n4");
    }
    for (ViewRecorder r : alphas) {
      r.arrivals().forEach(v -> assertThat(names(v.membership())).doesNotContain("n2", "n4"));
    }
    for (ViewRecorder r : betas) {
      r.arrivals().forEach(v -> assertThat(names(v.membership())).doesNotContain("n1", "n3"));
    }
  }

  @Test
  @Timeout(120)
  void secondNodeWithALiveName_refusedAtJoinNamingIt_firstKeepsItsPlace() throws Exception {
    ClusterPorts ports = new ClusterPorts(3);
    String cluster = "dup-" + tag;
    ViewRecorder first = new ViewRecorder();
    ViewRecorder other = new ViewRecorder();
    start(ports.config(0).clusterName(cluster).expectedSize(2).grpc("127.0.0.1", 50_051).build(),
        first);
    start(ports.config(1).clusterName(cluster).expectedSize(2).grpc("127.0.0.1", 50_052).build(),
        other);
    first.awaitLatest(m -> m.size() == 2, FORM_BOUND, "n1 and n2");

    ClusterConfig duplicate = ports.config(2).nodeName("n1").clusterName(cluster)
        .expectedSize(2).grpc("127.0.0.1", 50_053).build();
    JGroupsMembership newcomer = new JGroupsMembership(duplicate);
    started.add(newcomer);
    assertThatThrownBy(newcomer::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("duplicate node name: 'n1' is already a live member of cluster '"
            + cluster + "'");

    for (ViewRecorder r : List.of(first, other)) {
      for (ViewRecorder.Arrival a : r.arrivals()) {
        assertThat(a.membership().members()).extracting(Member::port).doesNotContain(50_053);
      }
    }
    assertThat(started.get(0).current().members()).hasSize(2);
    assertThat(started.get(0).current().member("n1")).get()
        .extracting(Member::port).isEqualTo(50_051);
  }

  @Test
  @Timeout(120)
  void restartUnderTheSameName_afterTheOldIncarnationLeft_joins() throws Exception {
    ClusterPorts ports = new ClusterPorts(2);
    String cluster = "again-" + tag;
    ViewRecorder stays = new ViewRecorder();
    start(ports.config(0).clusterName(cluster).expectedSize(2).grpc("127.0.0.1", 50_051).build(),
        stays);
    JGroupsMembership old = start(ports.config(1).clusterName(cluster).expectedSize(2)
        .grpc("127.0.0.1", 50_052).build(), new ViewRecorder());
    stays.awaitLatest(m -> m.size() == 2, FORM_BOUND, "n1 and n2");
    old.close();
    JGroupsMembership again = start(ports.config(1).clusterName(cluster).expectedSize(2)
        .grpc("127.0.0.1", 50_052).build(), new ViewRecorder());
    assertThat(again.current().members()).hasSize(2);
  }
}
