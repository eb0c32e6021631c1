package io.switchboard.cluster.jgroups;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.cluster.ClusterConfig;
import org.junit.jupiter.api.Test;

/** Lifecycle rules that need no network. */
class JGroupsMembershipTest {

  private final JGroupsMembership membership =
      new JGroupsMembership(
          ClusterConfig.builder().nodeName("n1").grpc("127.0.0.1", 50051).build());

  @Test
  void current_beforeStart_rejected() {
    assertThatThrownBy(membership::current)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not started");
  }

  @Test
  void start_afterClose_rejected() {
    membership.close();
    assertThatThrownBy(membership::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void addListener_null_rejected() {
    assertThatThrownBy(() -> membership.addListener(null)).isInstanceOf(NullPointerException.class);
  }
}
