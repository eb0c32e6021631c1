package io.switchboard.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * Told when a server exits on its own: it crashed, its step asked to stop, or it was sent an exit
 * signal ({@link ServerHost#killAsync}). This is the link between a server and its supervisor
 * (OTP's {@code link} + {@code trap_exit}).
 *
 * <p>Runs on the server's event-loop thread, right after the exit, so it must be quick and must
 * not block. It may call {@link EventLoop#restartAsync} (which runs {@code init} inline when called on
 * the loop thread) or hand the decision to another thread. Exits caused by
 * {@link ServerHost#stopAsync} are not reported: whoever stops a server knows.
 */
@FunctionalInterface
public interface ExitListener {

  /**
   * @param name the server's name
   * @param reason why it exited
   * @param report the crash report for a crash, else {@code null}
   */
  void onExit(String name, ExitReason reason, @Nullable CrashReport report);
}
