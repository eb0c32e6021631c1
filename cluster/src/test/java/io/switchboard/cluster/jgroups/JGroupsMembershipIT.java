package io.switchboard.cluster.jgroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.ClusterConfig;
import io.switchboard.cluster.ClusterPorts;
import io.switchboard.cluster.Discovery;
import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real JGroups channels on 127.0.0.1, three per test in this JVM, each with its own cluster port
 * and TCPPING seeds naming all three.
 */
class JGroupsMembershipIT {

  private static final Logger LOG = LoggerFactory.getLogger(JGroupsMembershipIT.class);

  /** Graceful leaves are immediate; allow for a loaded 2-core machine. */
  private static final Duration LEAVE_BOUND = Duration.ofSeconds(10);

  /** FD_ALL3 3 s + VERIFY_SUSPECT2 1 s + view installation; ENVIRONMENT.md saw 4–7 s. */
  private static final Duration SUSPECT_BOUND = Duration.ofSeconds(20);

  /** MERGE3 2–5 s announcements and an 8 s consistency check; ENVIRONMENT.md saw 3–11 s. */
  private static final Duration MERGE_BOUND = Duration.ofSeconds(30);

  private static final Duration FORM_BOUND = Duration.ofSeconds(20);

  private final String cluster = "it-" + Long.toHexString(System.nanoTime());
  private final List<JGroupsMembership> started = new ArrayList<>();
  private ClusterPorts ports;

  @AfterEach
  void closeAll() {
    for (JGroupsMembership m : started) {
      m.close();
    }
  }

  private ClusterConfig config(int i) {
    return ports.config(i).clusterName(cluster).grpc("127.0.0.1", 50_051 + i).build();
  }

  private JGroupsMembership start(ClusterConfig config, ViewRecorder recorder) {
    JGroupsMembership m = new JGroupsMembership(config);
    m.addListener(recorder);
    started.add(m);
    m.start();
    return m;
  }

  /** Starts n1..n3 and waits until all three share one view of three. */
  private List<ViewRecorder> formThree() throws Exception {
    ports = new ClusterPorts(3);
    List<ViewRecorder> recorders = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      ViewRecorder r = new ViewRecorder();
      recorders.add(r);
      start(config(i), r);
    }
    for (ViewRecorder r : recorders) {
      r.awaitLatest(m -> m.size() == 3, FORM_BOUND, "3 members");
    }
    LOG.info("timing phase=form members=3 millis={}", millisSince(t0));
    return recorders;
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  /** Nodes n1..n<n> as members: their name, gRPC endpoint and the peer port they publish. */
  private List<Member> expectedMembers(int n) {
    List<Member> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(config(i).self());
    }
    return list;
  }

  private static void assertEpochsStrictlyIncrease(ViewRecorder r) {
    long last = -1;
    for (ViewRecorder.Arrival a : r.arrivals()) {
      assertThat(a.membership().epoch()).isGreaterThan(last);
      last = a.membership().epoch();
    }
  }

  @Test
  @Timeout(90)
  void start_threeNodesWithSeeds_oneViewOfThreeWithQuorumAndEndpoints() throws Exception {
    formThree();

    Membership first = started.get(0).current();
    assertThat(first.members()).containsExactlyInAnyOrderElementsOf(expectedMembers(3));
    assertThat(first.hasQuorum()).isTrue();
    assertThat(first.expectedSize()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      Membership m = started.get(i).current();
      assertThat(m.viewId()).isEqualTo(first.viewId());
      assertThat(m.members()).isEqualTo(first.members());
      assertThat(m.self()).isEqualTo(expectedMembers(3).get(i));
    }
    for (int k = 0; k < 200; k++) {
      String name = "counter-" + k;
      Member owner = started.get(0).current().owner(name);
      assertThat(started.get(1).current().owner(name)).isEqualTo(owner);
      assertThat(started.get(2).current().owner(name)).isEqualTo(owner);
    }
  }

  @Test
  @Timeout(90)
  void close_oneThenAnother_twoKeepQuorumThenSingletonLosesIt() throws Exception {
    List<ViewRecorder> r = formThree();

    long t0 = System.nanoTime();
    started.get(2).close();
    for (int i = 0; i < 2; i++) {
      Membership m =
          r.get(i).awaitLatest(v -> v.size() == 2, LEAVE_BOUND, "2 members").membership();
      assertThat(m.hasQuorum()).isTrue();
      assertThat(m.members()).containsExactlyInAnyOrderElementsOf(expectedMembers(2));
    }
    LOG.info("timing phase=leave members=2 millis={}", millisSince(t0));

    long t1 = System.nanoTime();
    started.get(1).close();
    Membership alone =
        r.get(0).awaitLatest(v -> v.size() == 1, LEAVE_BOUND, "1 member").membership();
    LOG.info("timing phase=leave members=1 millis={}", millisSince(t1));
    assertThat(alone.hasQuorum()).isFalse();
    assertThat(alone.members()).containsExactly(expectedMembers(1).get(0));
    for (ViewRecorder rec : r) {
      assertEpochsStrictlyIncrease(rec);
    }
  }

  @Test
  @Timeout(90)
  void start_closedNodeRestartsUnderSameName_rejoinsTheView() throws Exception {
    List<ViewRecorder> r = formThree();
    started.get(2).close();
    r.get(0).awaitLatest(v -> v.size() == 2, LEAVE_BOUND, "2 members");

    ViewRecorder again = new ViewRecorder();
    start(config(2), again);

    Membership m = r.get(0).awaitLatest(v -> v.size() == 3, FORM_BOUND, "3 members").membership();
    assertThat(m.members()).containsExactlyInAnyOrderElementsOf(expectedMembers(3));
    assertThat(again.awaitLatest(v -> v.size() == 3, FORM_BOUND, "3 members").membership().self())
        .isEqualTo(expectedMembers(3).get(2));
  }

  @Test
  @Timeout(120)
  void partition_twoOneSplit_quorumOnMajorityOnly_mergeRestoresThree() throws Exception {
    List<ViewRecorder> r = formThree();
    JGroupsMembership n1 = started.get(0); // the coordinator: the majority must elect a new one
    JGroupsMembership n2 = started.get(1);
    JGroupsMembership n3 = started.get(2);
    long epochBefore = n1.current().epoch();
    long epochSplit;

    long cut = System.nanoTime();
    try (JGroupsFaults.Partition partition = JGroupsFaults.split(List.of(n2, n3), List.of(n1))) {
      Membership majority2 =
          r.get(1).awaitLatest(v -> v.size() == 2, SUSPECT_BOUND, "2 members").membership();
      Membership majority3 =
          r.get(2).awaitLatest(v -> v.size() == 2, SUSPECT_BOUND, "2 members").membership();
      Membership minority =
          r.get(0).awaitLatest(v -> v.size() == 1, SUSPECT_BOUND, "1 member").membership();
      LOG.info("timing phase=partition_detect millis={}", millisSince(cut));

      assertThat(majority2.hasQuorum()).isTrue();
      assertThat(majority3.viewId()).isEqualTo(majority2.viewId());
      assertThat(majority2.members())
          .extracting(Member::name)
          .containsExactlyInAnyOrder("n2", "n3");
      assertThat(minority.hasQuorum()).isFalse();
      assertThat(minority.members()).extracting(Member::name).containsExactly("n1");
      assertThat(majority2.epoch()).isGreaterThan(epochBefore);
      assertThat(minority.epoch()).isGreaterThan(epochBefore);
      epochSplit = Math.max(majority2.epoch(), minority.epoch());

      long heal = System.nanoTime();
      partition.heal();
      for (ViewRecorder rec : r) {
        rec.awaitLatest(v -> v.size() == 3, MERGE_BOUND, "3 members after merge");
      }
      LOG.info("timing phase=merge millis={}", millisSince(heal));
    }

    Membership merged = n1.current();
    assertThat(merged.hasQuorum()).isTrue();
    assertThat(merged.members()).containsExactlyInAnyOrderElementsOf(expectedMembers(3));
    assertThat(merged.epoch()).isGreaterThan(epochSplit); // a merge view outnumbers both sides
    for (int i = 0; i < 3; i++) {
      assertThat(started.get(i).current().viewId()).isEqualTo(merged.viewId());
      assertEpochsStrictlyIncrease(r.get(i));
    }
  }

  @Test
  @Timeout(90)
  void crash_oneOfThree_survivorsKeepQuorumWithinSeconds() throws Exception {
    List<ViewRecorder> r = formThree();

    long t0 = System.nanoTime();
    JGroupsFaults.crash(started.get(1)); // n2: FD_SOCK2 on its ring neighbour sees the socket close
    for (int i : new int[] {0, 2}) {
      Membership m =
          r.get(i).awaitLatest(v -> v.size() == 2, SUSPECT_BOUND, "2 members").membership();
      assertThat(m.hasQuorum()).isTrue();
      assertThat(m.members()).extracting(Member::name).containsExactlyInAnyOrder("n1", "n3");
    }
    LOG.info("timing phase=crash_detect millis={}", millisSince(t0));
  }

  @Test
  @Timeout(30)
  void start_clusterPortTaken_failsWithAHint() throws Exception {
    ports = new ClusterPorts(1);
    try (ServerSocket taken = new ServerSocket(ports.port(0), 1,
        InetAddress.getLoopbackAddress())) {
      JGroupsMembership m = new JGroupsMembership(config(0));
      started.add(m);

      assertThatThrownBy(m::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot join cluster")
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
      assertThatThrownBy(m::start).hasMessageContaining("already closed");
    }
  }

  @Test
  @Timeout(60)
  void start_dnsDiscoveryOfLocalhost_formsSingletonWithQuorumOfOne() throws Exception {
    ports = new ClusterPorts(1);
    ClusterConfig dns =
        ClusterConfig.builder()
            .clusterName(cluster)
            .nodeName("solo")
            .clusterPort(ports.port(0))
            .discovery(new Discovery.Dns("localhost"))
            .expectedSize(1)
            .grpc("127.0.0.1", 50_051)
            .build();
    ViewRecorder r = new ViewRecorder();

    JGroupsMembership m = start(dns, r);

    assertThat(m.current().members()).containsExactly(new Member("solo", "127.0.0.1", 50_051));
    assertThat(m.current().hasQuorum()).isTrue();
    assertThat(r.arrivals()).hasSize(1);
  }
}
