package io.switchboard.supervisor.event;

import io.switchboard.supervisor.ExitReason;
import org.jspecify.annotations.Nullable;

/**
 * A handler left its manager (OTP's {@code {gen_event_EXIT, Handler, Reason}}): removed on
 * request ({@code normal}), with the manager ({@code shutdown}), or because it threw
 * ({@link ExitReason.Crash}, with the event it threw on).
 *
 * @param manager the manager's name
 * @param handler the handler's id
 * @param reason why it left
 * @param event the event it crashed on, else {@code null}
 */
public record HandlerExit(String manager, String handler, ExitReason reason, @Nullable Object event) {

  /** One key=value line for logs. */
  public String summary() {
    return "manager=" + manager + " handler=" + handler + " reason=\"" + reason + "\""
        + (event == null ? "" : " event=\"" + event + "\"");
  }
}
