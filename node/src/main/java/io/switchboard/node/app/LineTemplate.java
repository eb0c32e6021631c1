package io.switchboard.node.app;

import io.switchboard.examples.telephony.TelephonyExchange;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Template;

/**
 * {@code line-<anything>}: a telephone line (a {@code GenStatem}) started on demand under the
 * telephony supervisor's {@code lines}. Lines are node-local: each node runs its own exchange
 * (lines ring each other through the node's own loops), so a line is served by the node the
 * client called, not routed to an owner. Thread-safe.
 */
final class LineTemplate implements Template {
  private final TelephonyExchange telephony;

  LineTemplate(TelephonyExchange telephony) {
    this.telephony = telephony;
  }

  @Override
  public String kind() {
    return "line";
  }

  @Override
  public boolean matches(String name) {
    return TelephonyExchange.isLine(name);
  }

  @Override
  public boolean clusterScoped() {
    return false;
  }

  @Override
  public Promise<Void> start(String name) {
    return telephony.startLine(name);
  }

  @Override
  public Promise<byte[]> release(String name, ExitReason reason) {
    return Promise.completed(new Reply.InvalidInput<>(
        "'" + name + "' is node-local: it does not move between nodes"));
  }
}
