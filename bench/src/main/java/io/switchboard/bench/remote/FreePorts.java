package io.switchboard.bench.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface (asked of the OS, then released). */
final class FreePorts {
  private FreePorts() {}

  /** A port that was free a moment ago; a small race with other processes is accepted. */
  static int next() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
