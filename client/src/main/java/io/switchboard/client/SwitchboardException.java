package io.switchboard.client;

import io.grpc.Status;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A call that failed with a gRPC status: the node's answer ({@code NOT_FOUND},
 * {@code INVALID_ARGUMENT}, {@code ABORTED} when the server crashed on this input,
 * {@code RESOURCE_EXHAUSTED}, {@code UNAVAILABLE}…) or the client's own ({@code DEADLINE_EXCEEDED}
 * when the deadline passed, {@code CANCELLED} when the waiting thread was interrupted). The
 * mapping is the one documented in {@code switchboard.proto}.
 *
 * <p>{@link #getMessage()} reads {@code CODE: description (cause)}, the line the CLI prints. When
 * the client retried, the failures of the earlier attempts are {@linkplain #getSuppressed()
 * suppressed} exceptions of the final one.
 */
public final class SwitchboardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Status.Code code;
  private final String description;

  /**
   * A failure with {@code code} and the node's {@code description} (may be empty).
   *
   * @param cause what carried the status (usually a {@link io.grpc.StatusRuntimeException}), or
   *     {@code null}
   */
  public SwitchboardException(
      Status.Code code, String description, @Nullable Throwable cause) {
    super(message(code, description, cause), cause);
    this.code = Objects.requireNonNull(code, "code");
    this.description = Objects.requireNonNull(description, "description");
  }

  /** The failure {@code status} describes; {@code carrier} is the exception that carried it. */
  static SwitchboardException of(Status status, Throwable carrier) {
    String d = status.getDescription();
    return new SwitchboardException(status.getCode(), d == null ? "" : d, carrier);
  }

  /** The gRPC status code; never {@code OK}. */
  public Status.Code code() {
    return code;
  }

  /** The status description as the node (or gRPC) wrote it; empty when there was none. */
  public String description() {
    return description;
  }

  private static String message(
      Status.Code code, String description, @Nullable Throwable cause) {
    StringBuilder b = new StringBuilder(code.name()).append(": ")
        .append(description.isEmpty() ? "(no description)" : description);
    // the transport's reason, e.g. "Connection refused", sits one level below the status
    Throwable reason = cause == null ? null : Status.fromThrowable(cause).getCause();
    if (reason != null && reason.getMessage() != null) {
      b.append(" (").append(reason.getMessage()).append(')');
    }
    return b.toString();
  }
}
