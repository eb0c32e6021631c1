package io.switchboard.node;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.switchboard.node.core.NodeConfig;
import io.switchboard.node.server.NodeServer;
import io.switchboard.proto.v1.SwitchboardGrpc;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real {@link NodeServer} on grpc-java's in-process transport (HTTP on a free loopback port),
 * running {@link TestApp}, and a channel to it. Close it to stop both.
 */
public final class InProcessNode implements AutoCloseable {
  public final NodeServer node;
  public final Gate gate = new Gate();
  public final ManagedChannel channel;

  private InProcessNode(NodeConfig config) throws Exception {
    String name = InProcessServerBuilder.generateName();
    this.node = NodeServer.builder(config)
        .transport(InProcessServerBuilder.forName(name))
        .app(ctx -> java.util.List.of(new TestApp(ctx, gate)))
        .start();
    this.channel = InProcessChannelBuilder.forName(name).build();
  }

  /** A standalone node "t1" with 2 loops, data under {@code dataDir}. */
  public static InProcessNode start(Path dataDir) throws Exception {
    return start(dataDir, c -> c);
  }

  /** A node whose configuration {@code tweak} adjusts. */
  public static InProcessNode start(Path dataDir, UnaryOperator<NodeConfig> tweak)
      throws Exception {
    return new InProcessNode(tweak.apply(NodeConfig.standalone("t1", dataDir)));
  }

  public SwitchboardGrpc.SwitchboardBlockingStub blocking() {
    return SwitchboardGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  public SwitchboardGrpc.SwitchboardFutureStub future() {
    return SwitchboardGrpc.newFutureStub(channel);
  }

  @Override
  public void close() {
    gate.open();
    try {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    node.close();
  }
}
