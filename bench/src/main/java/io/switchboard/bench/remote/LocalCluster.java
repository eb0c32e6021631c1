package io.switchboard.bench.remote;

import io.grpc.StatusRuntimeException;
import io.switchboard.bench.BenchContext;
import io.switchboard.proto.v1.MembersReply;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code size} node processes on loopback ({@code n1..nN}), each seeded with every member's
 * cluster port (a standalone node when {@code size} is 1). Nodes can be killed, paused, resumed
 * and started again with the same identity. Not thread-safe: one driver thread.
 */
final class LocalCluster implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(90);
  private static final Duration POLL = Duration.ofMillis(100);

  private final BenchContext ctx;
  private final Path jar;
  private final String tag;
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<NodeClient> clients = new ArrayList<>();

  private LocalCluster(BenchContext ctx, Path jar, String tag) {
    this.ctx = ctx;
    this.jar = jar;
    this.tag = tag;
  }

  /**
   * Starts {@code size} nodes and waits until each logged its ready line. {@code tag} keeps this
   * cluster's logs and data directories apart from other clusters of the run.
   */
  static LocalCluster start(BenchContext ctx, Path jar, int size, String tag)
      throws IOException, InterruptedException {
    LocalCluster c = new LocalCluster(ctx, jar, tag);
    try {
      List<int[]> ports = new ArrayList<>();
      List<String> seeds = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        int[] p = {FreePorts.next(), FreePorts.next(), FreePorts.next()};
        ports.add(p);
        seeds.add("127.0.0.1:" + p[2]);
      }
      for (int i = 0; i < size; i++) {
        String name = "n" + (i + 1);
        int[] p = ports.get(i);
        NodeProcess.Spec spec = new NodeProcess.Spec(name, p[0], p[1], p[2],
            size == 1 ? List.of() : seeds, size,
            ctx.workDir().resolve("data-" + tag + "-" + name));
        c.nodes.add(NodeProcess.start(ctx.javaBin(), jar, spec, c.log(name, 1), 1));
        c.clients.add(new NodeClient("127.0.0.1:" + spec.grpcPort()));
      }
      for (NodeProcess n : c.nodes) {
        n.awaitReady(READY);
      }
      return c;
    } catch (IOException | InterruptedException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private Path log(String name, int start) {
    return ctx.workDir().resolve("node-" + tag + "-" + name + "-" + start + ".log");
  }

  int size() {
    return nodes.size();
  }

  NodeProcess node(int i) {
    return nodes.get(i);
  }

  NodeClient client(int i) {
    return clients.get(i);
  }

  /** The index of the node named {@code name}, or -1. */
  int indexOf(String name) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Starts node {@code i} again after a kill, with the same identity, and waits until ready. */
  Duration restart(int i) throws IOException, InterruptedException {
    NodeProcess old = nodes.get(i);
    old.close();
    long t0 = System.nanoTime();
    NodeProcess fresh = NodeProcess.start(ctx.javaBin(), jar, old.spec(),
        log(old.name(), old.starts() + 1), old.starts() + 1);
    nodes.set(i, fresh);
    fresh.awaitReady(READY);
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /**
   * Waits until every node answers {@code Members} with all {@code size} members and a quorum,
   * polling every 100 ms up to {@code timeout}. Throws {@link IOException} otherwise.
   */
  void awaitConverged(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() - deadline < 0) {
      boolean all = true;
      for (NodeClient c : clients) {
        try {
          MembersReply m = c.members(Duration.ofSeconds(1));
          all &= m.getMembersCount() == size() && (size() == 1 || m.getQuorum());
          last = m.getSelf() + " sees " + m.getMembersCount() + " members, quorum "
              + m.getQuorum();
        } catch (StatusRuntimeException e) {
          all = false;
          last = e.getStatus().toString();
        }
      }
      if (all) {
        return;
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    throw new IOException("the cluster did not converge to " + size() + " members within "
        + timeout.toSeconds() + " s (last: " + last + ")");
  }

  /** Closes the clients and kills every node. */
  @Override
  public void close() {
    for (NodeClient c : clients) {
      c.close();
    }
    for (NodeProcess n : nodes) {
      n.close();
    }
  }
}
