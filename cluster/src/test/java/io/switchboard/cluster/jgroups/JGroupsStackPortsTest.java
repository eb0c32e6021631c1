package io.switchboard.cluster.jgroups;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.FreePorts;
import org.junit.jupiter.api.Test;

/**
 * The testkit cannot see this module, so its {@link FreePorts} repeats where FD_SOCK2 listens:
 * this pins the two together (a stack change that moves FD_SOCK2 fails here, not as flaky
 * "cannot join cluster" errors in every multi-node test).
 */
class JGroupsStackPortsTest {

  @Test
  void fdSockPorts_testkitAndStack_agree() {
    assertThat(FreePorts.FD_SOCK_OFFSET).isEqualTo(JGroupsStack.FD_SOCK_OFFSET);
    assertThat(FreePorts.FD_SOCK_PORT_RANGE).isEqualTo(JGroupsStack.FD_SOCK_PORT_RANGE);
  }
}
