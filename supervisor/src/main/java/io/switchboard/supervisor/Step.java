package io.switchboard.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * The result of one {@link GenServer#step}: the next state, the output returned to a caller, and
 * optionally a request to stop (OTP's {@code {stop, Reason, Reply, State}}).
 *
 * @param state the server's next state
 * @param output the reply for a call (ignored for a cast)
 * @param stop {@code null} to keep running; otherwise the server replies, runs {@code terminate}
 *     with this reason and exits (its supervisor sees the exit); a reason other than
 *     {@code normal}, {@code shutdown} or {@code {shutdown,_}} is reported as a crash (a
 *     {@link CrashReport} of phase {@code step} and its log line), as OTP's gen_server does
 */
public record Step<S, O>(S state, O output, @Nullable ExitReason stop) {
  /** The output of {@link #noReply}: the caller is answered later through its {@link From}. */
  private static final Object NO_REPLY = new Object() {
    @Override
    public String toString() {
      return "noreply";
    }
  };

  public Step(S state, O output) {
    this(state, output, null);
  }

  /** Shorthand for {@code new Step<>(state, output)}. */
  public static <S, O> Step<S, O> of(S state, O output) {
    return new Step<>(state, output, null);
  }

  /**
   * OTP {@code {noreply, State}}: the next state, and no answer to the call yet — the server kept
   * the call's {@link From} (given to {@link GenServer#stepCall}) and answers later with {@link
   * From#reply}. For a cast it is the same as any output (nothing is answered).
   */
  @SuppressWarnings("unchecked")
  public static <S, O> Step<S, O> noReply(S state) {
    return new Step<>(state, (O) NO_REPLY, null);
  }

  /** OTP {@code {stop, Reason, State}}: stop with {@code reason} without answering the call. */
  @SuppressWarnings("unchecked")
  public static <S, O> Step<S, O> stopNoReply(S state, ExitReason reason) {
    return new Step<>(state, (O) NO_REPLY, java.util.Objects.requireNonNull(reason, "reason"));
  }

  /** True for {@link #noReply} and {@link #stopNoReply}: {@link #output} is not a reply. */
  public boolean deferred() {
    return output == NO_REPLY;
  }

  /** Reply with {@code output}, then stop with {@code reason}. */
  public static <S, O> Step<S, O> stop(S state, O output, ExitReason reason) {
    return new Step<>(state, output, java.util.Objects.requireNonNull(reason, "reason"));
  }
}
