package io.switchboard.node.app;

import io.switchboard.examples.telephony.TelephonyExchange;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Template;

/**
 * {@code line-<anything>}: a telephone line (a {@code GenStatem}) started on demand under the
 * telephony supervisor's {@code lines} of the node that serves it. Lines are cluster-scoped (one
 * per cluster, served by its shard's leader; durability NONE: a line that fails over starts idle)
 * and signal each other by name through the router, so any node serves any line and a call
 * between lines served by different nodes works end to end. Thread-safe.
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
  public Promise<Void> start(String name) {
    return telephony.startLine(name);
  }

  @Override
  public Promise<byte[]> release(String name, ExitReason reason) {
    return Promise.completed(new Reply.InvalidInput<>(
        "'" + name + "' carries no state to move: a line that moves starts idle"));
  }
}
