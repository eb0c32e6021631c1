package io.switchboard.supervisor;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * What is known about one crash: who, where, why, and the last inputs that led to it (oldest
 * first, the crashing input last). {@code Run.run(server, inputs())} from a fresh {@code init}
 * reproduces a crash whose cause is in those inputs.
 *
 * @param server the server's registered name
 * @param kind the server's {@link GenServer#kind()}
 * @param loop the event loop it ran on
 * @param supervisor the supervisor path, or {@code ""} when unsupervised (filled in by supervisors)
 * @param phase {@code init}, {@code step} (it threw, or stopped with an abnormal reason) or
 *     {@code terminate}
 * @param cause what was thrown
 * @param inputs the last inputs, oldest first, at most the ring size (32 by default)
 * @param atNanos when, on the loop's clock
 */
public record CrashReport(
    String server,
    String kind,
    String loop,
    String supervisor,
    String phase,
    Throwable cause,
    List<Object> inputs,
    long atNanos) {

  public CrashReport {
    inputs = List.copyOf(inputs);
  }

  /** The same report, attributed to a supervisor path. */
  public CrashReport withSupervisor(String path) {
    return new CrashReport(server, kind, loop, path, phase, cause, inputs, atNanos);
  }

  /** The cause's stack trace as text. */
  public String stackTrace() {
    StringWriter w = new StringWriter();
    cause.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  /** One line, key=value, without the stack trace. */
  public String summary() {
    return "crash supervisor=" + (supervisor.isEmpty() ? "-" : supervisor)
        + " child=" + server + " kind=" + kind + " loop=" + loop + " phase=" + phase
        + " reason=\"" + cause + "\" last_inputs=" + inputs;
  }
}
