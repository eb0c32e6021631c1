package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.CrashReport;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerStatus;
import io.switchboard.supervisor.StateCodec;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How a server enters and leaves its loop: {@code init} on start and on restart in place, stop,
 * hand-off, kill, and the exit that follows a kill, a stop request from its own step or a crash.
 *
 * <p>Status moves STARTING → RUNNING → EXITED (held for the {@code ExitListener}, its supervisor)
 * → RESTARTING → RUNNING …, or to STOPPED, when the name is removed. An unsupervised server that
 * exits is removed at once and its crash report, if any, handed to the loop's crash handler.
 * Every method runs on the loop thread and completes its promise last.
 */
final class Lifecycle {
  private final String loop;
  private final Map<String, ServerCell> cells;
  private final LoopCounters counters;
  private final LoopExceptionHandler exceptions;
  private final Consumer<CrashReport> unsupervisedCrash;

  Lifecycle(String loop, Map<String, ServerCell> cells, LoopCounters counters,
      LoopExceptionHandler exceptions, Consumer<CrashReport> unsupervisedCrash) {
    this.loop = loop;
    this.cells = cells;
    this.counters = counters;
    this.exceptions = exceptions;
    this.unsupervisedCrash = unsupervisedCrash;
  }

  /** Runs {@code init} of a new server; a failed one is removed. */
  void start(ServerCell cell, Promise<Object> reply) {
    try {
      cell.state = cell.server.init();
    } catch (Throwable t) {
      Reply<Object> crashed = exceptions.handleInitException(cell, t);
      remove(cell);
      reply.complete(crashed);
      return;
    }
    cell.status = ServerStatus.RUNNING;
    reply.complete(Reply.ok(null));
  }

  /** Re-runs {@code init} of a held server; a failed one stays held (EXITED). */
  void restart(ServerCell cell, Promise<Object> reply) {
    if (cell.status != ServerStatus.EXITED && cell.status != ServerStatus.RESTARTING) {
      reply.complete(new Reply.InvalidInput<>(
          "server '" + cell.name + "' is " + cell.status + ", not exited: nothing to restart"));
      return;
    }
    cell.forgetInputs();
    try {
      cell.state = cell.server.init();
    } catch (Throwable t) {
      Reply<Object> crashed = exceptions.handleInitException(cell, t);
      cell.status = ServerStatus.EXITED;
      reply.complete(crashed);
      return;
    }
    counters.restarts.increment();
    cell.status = ServerStatus.RUNNING;
    reply.complete(Reply.ok(null));
  }

  /** Runs {@code terminate} (unless killed or not running) and removes the server. */
  void stop(ServerCell cell, ExitReason reason, Promise<Object> reply) {
    if (cell.status == ServerStatus.STOPPED) {
      reply.complete(new Reply.NotFound<>(cell.name));
      return;
    }
    if (cell.status == ServerStatus.RUNNING && !(reason instanceof ExitReason.Killed)) {
      terminate(cell, reason);
    }
    remove(cell);
    reply.complete(Reply.ok(null));
  }

  /**
   * An exit signal from outside (OTP {@code exit(Pid, Reason)}): {@code killed} drops the state
   * without {@code terminate}, any other reason runs {@code terminate(reason)}; then the server
   * exits as if it had stopped itself, so its listener (its supervisor) is told. No crash report:
   * the server's own code did not fail. Only a running server can be killed.
   */
  void kill(ServerCell cell, ExitReason reason, Promise<Object> reply) {
    if (cell.status != ServerStatus.RUNNING) {
      reply.complete(cell.status == ServerStatus.STOPPED ? new Reply.NotFound<>(cell.name)
          : new Reply.Unavailable<>("server '" + cell.name + "' is "
              + cell.status.name().toLowerCase(Locale.ROOT) + ", not running"));
      return;
    }
    LoopEngine.LOG.info("event=exit_signal loop={} server={} reason=\"{}\"", loop, cell.name,
        reason);
    if (reason instanceof ExitReason.Killed) {
      cell.state = null;
    } else {
      terminate(cell, reason);
    }
    exit(cell, reason, null);
    reply.complete(Reply.ok(null));
  }

  /** Encodes the state (if the server has a state codec and runs), then stops it. */
  void handOff(ServerCell cell, ExitReason reason, Promise<Object> reply) {
    if (cell.status == ServerStatus.STOPPED) {
      reply.complete(new Reply.NotFound<>(cell.name));
      return;
    }
    byte[] state = null;
    StateCodec<Object> codec = cell.server.stateCodec();
    if (codec != null && cell.status == ServerStatus.RUNNING) {
      try {
        state = codec.encode(cell.state);
      } catch (Throwable t) {
        exceptions.handleStateEncodeException(cell, t);
      }
    }
    stop(cell, reason, new Promise<>());
    reply.complete(Reply.ok(state));
  }

  /** Runs {@code terminate} and drops the state; its own failure is handled, never propagated. */
  void terminate(ServerCell cell, ExitReason reason) {
    Object state = cell.state;
    cell.state = null;
    try {
      cell.server.terminate(reason, state);
    } catch (Throwable t) {
      exceptions.handleTerminateException(cell, reason, t);
    }
  }

  /**
   * After {@code terminate}: holds the server as EXITED and tells its listener, or removes it and
   * hands {@code report} (null for a clean stop) to the loop's crash handler.
   */
  void exit(ServerCell cell, ExitReason reason, CrashReport report) {
    if (cell.listener == null) {
      remove(cell);
      if (report != null) {
        unsupervisedCrash.accept(report);
      }
      return;
    }
    cell.status = ServerStatus.EXITED;
    try {
      cell.listener.onExit(cell.name, reason, report);
    } catch (Throwable t) {
      exceptions.handleExitListenerException(cell, t);
    }
  }

  /** The loop halts: every running server gets {@code terminate(shutdown)}; all are removed. */
  void shutdownAll() {
    for (ServerCell cell : cells.values()) {
      if (cell.status == ServerStatus.RUNNING) {
        terminate(cell, ExitReason.SHUTDOWN);
      }
      remove(cell);
    }
  }

  private void remove(ServerCell cell) {
    cell.status = ServerStatus.STOPPED;
    cells.remove(cell.name, cell);
  }
}
