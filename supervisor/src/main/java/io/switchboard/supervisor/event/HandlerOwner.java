package io.switchboard.supervisor.event;

import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerHost;

/**
 * The owner of a supervised handler (OTP {@code add_sup_handler}): told once when the handler
 * leaves the manager, whatever the reason, so it can re-add it or give up.
 *
 * <p>Called on the handler's own thread as its last act; it must be quick and must not block.
 */
@FunctionalInterface
public interface HandlerOwner {

  void handlerExited(HandlerExit exit);

  /**
   * An owner that is a server: the {@link HandlerExit} is cast to {@code name} on {@code host}
   * as an input, as OTP delivers {@code gen_event_EXIT} to the owner's mailbox. A full inbox or a
   * missing owner loses the notice (logged).
   */
  static HandlerOwner server(ServerHost host, String name) {
    return exit -> {
      Reply<Void> r = host.cast(name, exit);
      if (r instanceof Reply.Failure<Void> f) {
        org.slf4j.LoggerFactory.getLogger(HandlerOwner.class).warn(
            "event=handler_exit_undelivered owner={} {} error=\"{}\"", name, exit.summary(),
            f.message());
      }
    };
  }
}
