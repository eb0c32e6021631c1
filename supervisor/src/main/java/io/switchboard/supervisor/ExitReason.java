package io.switchboard.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * Why a server or supervisor stopped, in OTP's vocabulary.
 *
 * <p>{@link Normal}, {@link Shutdown} (with or without a detail, OTP's {@code shutdown} and
 * {@code {shutdown, Term}}) are <em>normal</em> exits: a {@code TRANSIENT} child is not restarted
 * after them. Everything else is abnormal.
 */
public sealed interface ExitReason {

  /** True for {@code normal}, {@code shutdown} and {@code {shutdown, term}}. */
  default boolean isNormal() {
    return this instanceof Normal || this instanceof Shutdown;
  }

  /** OTP {@code normal}: the server finished its work. */
  record Normal() implements ExitReason {
    @Override
    public String toString() {
      return "normal";
    }
  }

  /**
   * OTP {@code shutdown} (detail {@code null}) or {@code {shutdown, detail}}: stopped by its
   * supervisor or by the node.
   */
  record Shutdown(@Nullable String detail) implements ExitReason {
    @Override
    public String toString() {
      return detail == null ? "shutdown" : "{shutdown," + detail + "}";
    }
  }

  /** The server's code threw. */
  record Crash(Throwable cause) implements ExitReason {
    @Override
    public String toString() {
      return "crash:" + cause;
    }
  }

  /** OTP {@code killed}: stopped without running {@code terminate} (brutal kill, timeout). */
  record Killed() implements ExitReason {
    @Override
    public String toString() {
      return "killed";
    }
  }

  /** OTP {@code noconnection}: the node hosting the child was lost or its lease expired. */
  record NoConnection(String node) implements ExitReason {
    @Override
    public String toString() {
      return "noconnection";
    }
  }

  /** A cluster-scoped server stopped because its node lost the quorum. */
  record Partitioned() implements ExitReason {
    @Override
    public String toString() {
      return "partitioned";
    }
  }

  ExitReason NORMAL = new Normal();
  ExitReason SHUTDOWN = new Shutdown(null);
  ExitReason KILLED = new Killed();
  ExitReason PARTITIONED = new Partitioned();

  static ExitReason shutdown(String detail) {
    return new Shutdown(detail);
  }

  static ExitReason crash(Throwable cause) {
    return new Crash(cause);
  }
}
