package io.switchboard.cluster.remote;

import io.switchboard.supervisor.ServerHost;
import java.util.Objects;

/**
 * What a node gives the cluster layer to take part in remote supervision.
 *
 * @param loops the node's event loops: hosted children run there, and exits of remote children
 *     are delivered to their supervisors on the loop their name maps to
 * @param templates what this node can start for remote supervisors
 * @param config timings and bounds ({@link RemoteConfig#DEFAULTS})
 */
public record RemoteSetup(ServerHost loops, RemoteTemplates templates, RemoteConfig config) {

  public RemoteSetup {
    Objects.requireNonNull(loops, "loops");
    Objects.requireNonNull(templates, "templates");
    Objects.requireNonNull(config, "config");
  }

  /** With the default timings and bounds. */
  public static RemoteSetup of(ServerHost loops, RemoteTemplates templates) {
    return new RemoteSetup(loops, templates, RemoteConfig.DEFAULTS);
  }
}
