package io.switchboard.node.metrics;

import io.switchboard.supervisor.SupervisorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts restarts per supervisor ({@code switchboard_restarts_total{supervisor}}) and logs each
 * restart as one line (crashes and give-ups are logged by the supervisor itself). Runs on the supervisor's decision thread: quick, never
 * blocks, never throws.
 */
public final class RestartMetrics implements SupervisorListener {
  private static final Logger log = LoggerFactory.getLogger(RestartMetrics.class);

  private final NodeMetrics metrics;

  public RestartMetrics(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void childRestarting(String supervisor, String child) {
    metrics.restart(supervisor);
    log.info("event=child_restarting supervisor={} child={}", supervisor, child);
  }
}
