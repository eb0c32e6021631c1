package io.switchboard.examples.telephony;

import io.switchboard.supervisor.From;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Line} knows besides its state: its current call, if any.
 *
 * @param call the call this line is in ({@code null} when idle or off hook)
 * @param caller true if this line placed the call
 * @param pending the caller of {@code dial}, answered when the callee rings or is busy
 */
public record LineData(@Nullable CallRef call, boolean caller, @Nullable From pending) {

  /** No call: shared by every idle line, so an idle line costs no data object. */
  public static final LineData NONE = new LineData(null, false, null);

  /** The other party, or {@code null}. */
  public @Nullable String peer(String self) {
    return call == null ? null : call.other(self);
  }

  /** True if {@code ref} is this line's current call. */
  public boolean is(CallRef ref) {
    return call != null && call.equals(ref);
  }
}
