package io.switchboard.examples.telephony;

/**
 * Names one call attempt: who called whom, and an id unique to the caller. Every signal carries
 * it, so a line can tell a late signal from an old attempt from one about its current call.
 */
public record CallRef(String caller, String callee, long id) {

  /** The other party of the call, seen from {@code line}. */
  public String other(String line) {
    return line.equals(caller) ? callee : caller;
  }

  @Override
  public String toString() {
    return caller + "->" + callee + "#" + id;
  }
}
