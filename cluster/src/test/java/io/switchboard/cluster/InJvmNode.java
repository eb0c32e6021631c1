package io.switchboard.cluster;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.switchboard.cluster.jgroups.JGroupsFaults;
import io.switchboard.cluster.jgroups.JGroupsMembership;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.supervisor.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A real cluster node in this JVM, for the cluster's tests: a gRPC server on a free port of
 * 127.0.0.1 (the advertised client endpoint; {@code Peer} is served by the node on its peer port),
 * JGroups membership, and the {@link ClusterNode} the test
 * wires over them; the event loops that host its servers are stopped with it. Subclasses add what
 * their tests look at (the servers, remote supervision).
 *
 * <p>Started by its constructor: blocks until the node joined. Not thread-safe: the test thread
 * starts, crashes and closes it.
 */
public class InJvmNode implements AutoCloseable {
  /** How a test builds the node over its configuration and membership. */
  @FunctionalInterface
  public interface Wiring {
    ClusterNode wire(ClusterConfig config, JGroupsMembership membership) throws Exception;
  }

  private static final Duration LOOPS_STOP = Duration.ofSeconds(5);

  public final String name;
  public final Server grpc;
  public final JGroupsMembership membership;
  public final ClusterNode cluster;
  private final EventLoopGroup loops;
  private Runnable onCrash = () -> {};

  /**
   * Binds gRPC first (port 0) so that the advertised endpoint is real (services resolve lazily),
   * then completes {@code config} with it, wires the node and starts it.
   *
   * @param loops the loops hosting the node's servers, stopped when the node stops
   */
  protected InJvmNode(ClusterConfig.Builder config, EventLoopGroup loops, Wiring wiring)
      throws Exception {
    this.loops = loops;
    this.grpc = startGrpc();
    try {
      ClusterConfig built = config.grpc("127.0.0.1", grpc.getPort()).build();
      this.name = built.nodeName();
      this.membership = new JGroupsMembership(built);
      this.cluster = wiring.wire(built, membership);
      cluster.start();
    } catch (Exception | Error e) {
      grpc.shutdownNow(); // a node that did not start leaves nothing running
      loops.stop(LOOPS_STOP);
      throw e;
    }
  }

  private static Server startGrpc() throws IOException {
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).build().start();
  }

  /** Runs {@code action} when this node crashes (its cluster forgets it). */
  void onCrash(Runnable action) {
    this.onCrash = action;
  }

  /** The node's current membership view. */
  public Membership view() {
    return membership.current();
  }

  /**
   * A crash as the others see it: no leave, no handover, no stops; sockets and streams just end.
   */
  public void crash() throws Exception {
    JGroupsFaults.crash(membership);
    close();
    onCrash.run();
  }

  @Override
  public void close() {
    cluster.close();
    grpc.shutdownNow();
    loops.stop(LOOPS_STOP);
  }
}
