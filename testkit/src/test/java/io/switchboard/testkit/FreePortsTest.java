package io.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void port_manyInARow_neverTheSameTwice() {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      assertThat(ports.add(FreePorts.port())).as("port #%d is new", i).isTrue();
    }
  }

  @Test
  void port_belowTheEphemeralRange_andBindable() throws Exception {
    // the OS picks outgoing connections' local ports from 32768 up: a port there could be taken
    // by a client socket between this choice and the node's bind
    int port = FreePorts.port();
    assertThat(port).isLessThan(32_768);
    bind(port);
  }

  @Test
  void clusterBase_portsAndTheirFdSockPorts_canAllBeBound() throws Exception {
    int n = 3;
    int base = FreePorts.clusterBase(n);
    for (int port = base; port < base + n; port++) {
      bind(port);
    }
    int fd = base + FreePorts.FD_SOCK_OFFSET;
    for (int port = fd; port <= fd + n - 1 + FreePorts.FD_SOCK_PORT_RANGE; port++) {
      bind(port);
    }
    assertThat(base + n).isLessThan(32_768).as("below the ephemeral range");
  }

  @Test
  void clusterBase_twoRuns_shareNoPort() {
    Set<Integer> a = used(FreePorts.clusterBase(5), 5);
    Set<Integer> b = used(FreePorts.clusterBase(5), 5);
    assertThat(a).doesNotContainAnyElementsOf(b);
  }

  @Test
  void clusterBase_tooLong_isRejected() {
    assertThatThrownBy(() -> FreePorts.clusterBase(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FreePorts.clusterBase(FreePorts.FD_SOCK_OFFSET))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The cluster ports and FD_SOCK2 ports a run of {@code n} from {@code base} may use. */
  private static Set<Integer> used(int base, int n) {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < n; i++) {
      ports.add(base + i);
    }
    for (int i = 0; i < n + FreePorts.FD_SOCK_PORT_RANGE; i++) {
      ports.add(base + FreePorts.FD_SOCK_OFFSET + i);
    }
    return ports;
  }

  private static void bind(int port) throws Exception {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }
}
