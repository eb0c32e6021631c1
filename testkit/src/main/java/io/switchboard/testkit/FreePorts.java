package io.switchboard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1 for test nodes: single ports (gRPC, HTTP) and runs of JGroups
 * cluster ports whose FD_SOCK2 ports are free as well.
 *
 * <p>A port is free when this JVM could bind it a moment ago; another process can still take it
 * before the node binds it (then the node fails to start, and says so). Within this JVM no port is
 * handed out twice among the last {@value #REMEMBERED}, so the ports of one cluster never collide
 * with each other. All ports come from below the Linux ephemeral range (32768 and up), where the
 * OS never picks the local port of an outgoing connection. Thread-safe.
 */
public final class FreePorts {
  /**
   * FD_SOCK2 listens at the cluster port + this offset (the cluster module's {@code JGroupsStack};
   * its tests check that the two agree).
   */
  public static final int FD_SOCK_OFFSET = 100;
  /** FD_SOCK2 tries this many ports above {@code cluster port + offset} when that one is taken. */
  public static final int FD_SOCK_PORT_RANGE = 3;

  private static final int SINGLE_LOW = 10_000;
  private static final int SINGLE_HIGH = 20_000;
  private static final int CLUSTER_LOW = 20_000;
  private static final int CLUSTER_HIGH = 32_000;
  private static final int ATTEMPTS = 50;
  private static final int REMEMBERED = 4_096;
  private static final ArrayDeque<Integer> RECENT = new ArrayDeque<>();
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {}

  /**
   * A free port for gRPC, HTTP, Raft, any single listener: from {@value #SINGLE_LOW} to
   * {@value #SINGLE_HIGH}, below the Linux ephemeral range. A port the OS picks ({@code bind(0)})
   * comes from that range, where the OS also picks the local ports of outgoing connections, so it
   * could be taken by a client's socket before the node binds it.
   */
  public static synchronized int port() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(SINGLE_LOW, SINGLE_HIGH);
      if (free(port, 1)) {
        remember(port, 1);
        return port;
      }
    }
    throw new IllegalStateException("no free port in " + SINGLE_LOW + ".." + SINGLE_HIGH
        + " after " + ATTEMPTS + " attempts");
  }

  /**
   * The first of {@code n} consecutive free cluster ports (node {@code i} listens at base + i)
   * whose FD_SOCK2 ports, {@code base + FD_SOCK_OFFSET} up to {@code n + FD_SOCK_PORT_RANGE}
   * above, are free too.
   *
   * @param n how many nodes, 1..99 (more would overlap the FD_SOCK2 ports)
   */
  public static synchronized int clusterBase(int n) {
    if (n < 1 || n >= FD_SOCK_OFFSET) {
      throw new IllegalArgumentException("a run of cluster ports is 1.." + (FD_SOCK_OFFSET - 1)
          + " long, got " + n);
    }
    int span = FD_SOCK_OFFSET + n + FD_SOCK_PORT_RANGE + 1;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(CLUSTER_LOW, CLUSTER_HIGH - span);
      if (free(base, n) && free(base + FD_SOCK_OFFSET, n + FD_SOCK_PORT_RANGE + 1)) {
        remember(base, n);
        remember(base + FD_SOCK_OFFSET, n + FD_SOCK_PORT_RANGE + 1);
        return base;
      }
    }
    throw new IllegalStateException("no free run of " + n + " cluster ports (and their FD_SOCK2 "
        + "ports) in " + ATTEMPTS + " attempts");
  }

  private static boolean free(int from, int count) {
    for (int port = from; port < from + count; port++) {
      if (HANDED_OUT.contains(port)) {
        return false;
      }
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }

  private static void remember(int from, int count) {
    for (int port = from; port < from + count; port++) {
      if (HANDED_OUT.add(port)) {
        RECENT.addLast(port);
      }
    }
    while (RECENT.size() > REMEMBERED) {
      HANDED_OUT.remove(RECENT.removeFirst());
    }
  }
}
