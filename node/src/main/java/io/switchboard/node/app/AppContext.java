package io.switchboard.node.app;

import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.SupervisorListener;
import java.nio.file.Path;

/**
 * What an application gets from its node.
 *
 * @param loops the node's event loops, where its servers live
 * @param dataDir the node's {@code --data-dir}, where servers persist state
 * @param node this node's logical name
 * @param listener observes every supervision tree of the application (restart metrics, logs)
 */
public record AppContext(EventLoopGroup loops, Path dataDir, String node,
    SupervisorListener listener) {}
