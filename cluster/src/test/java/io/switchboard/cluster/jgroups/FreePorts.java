package io.switchboard.cluster.jgroups;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds cluster ports for in-JVM test clusters on 127.0.0.1: {@code n} consecutive ports whose
 * FD_SOCK2 ports ({@code +100 .. +103}) are free as well. Random bases keep concurrent builds on
 * one machine apart; a port can still be taken between the check and the bind (then the test fails
 * with "cannot join cluster").
 */
public final class FreePorts {

  private static final int ATTEMPTS = 50;

  private FreePorts() {}

  /** The first of {@code n} consecutive usable cluster ports. */
  public static int clusterBase(int n) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
      if (allFree(base, n)
          && allFree(base + JGroupsStack.FD_SOCK_OFFSET, n + JGroupsStack.FD_SOCK_PORT_RANGE)) {
        return base;
      }
    }
    throw new IllegalStateException("no free port range found in " + ATTEMPTS + " attempts");
  }

  private static boolean allFree(int from, int count) {
    for (int port = from; port < from + count; port++) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }
}
