package io.switchboard.cluster.remote;

import io.switchboard.supervisor.GenServer;
import java.util.Optional;

/**
 * What a node can start for a remote supervisor: Java objects cannot travel, so a remote child is
 * named by a template and opaque arguments, and the hosting node's application builds the server.
 * The node implements this over its application (e.g. template {@code counter} → a new counter).
 *
 * <p>Called on a gRPC or event-loop thread for every (re)start of a remote child; must be quick,
 * must not block, and must return a fresh server each time (a remote restart is always a fresh
 * start).
 */
@FunctionalInterface
public interface RemoteTemplates {

  /**
   * A new server for {@code template}, or empty when this node has no such template (the start
   * then fails with {@code NotFound}). May throw: the start fails as a crash.
   *
   * @param template the template name the supervisor asked for
   * @param args the arguments the supervisor sent, opaque to the cluster layer
   * @param childName the name the child will be registered under on this node
   */
  Optional<GenServer<?, ?, ?>> create(String template, byte[] args, String childName);
}
