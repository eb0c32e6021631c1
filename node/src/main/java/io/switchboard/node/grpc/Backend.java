package io.switchboard.node.grpc;

import io.switchboard.node.core.Lifecycle;
import io.switchboard.node.core.Topology;
import io.switchboard.node.metrics.NodeMetrics;
import io.switchboard.proto.v1.TreeNode;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Router;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * What the public gRPC service needs from its node. Router and topology are suppliers because
 * the cluster binds its own once the gRPC port is bound (calls are refused until the node is
 * ready, so none sees the switch); each is created once, at start-up.
 *
 * @param node this node's logical name
 * @param router where calls go
 * @param topology the membership view
 * @param tree the supervision trees (asynchronously), each supervisor listing at most the
 *     given children
 * @param lifecycle the readiness gate and in-flight count
 * @param metrics where calls are counted
 * @param timers runs default-deadline timeouts (a single daemon thread is enough)
 */
public record Backend(
    String node,
    Supplier<Router> router,
    Supplier<Topology> topology,
    IntFunction<Promise<List<TreeNode>>> tree,
    Lifecycle lifecycle,
    NodeMetrics metrics,
    ScheduledExecutorService timers) {}
