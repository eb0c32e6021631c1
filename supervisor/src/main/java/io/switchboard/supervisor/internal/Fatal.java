package io.switchboard.supervisor.internal;

/**
 * Which throwables user code may raise and the runtime survives. A server's {@code step}, a
 * promise callback or a task may throw anything; the loop catches it and carries on, except for a
 * {@link VirtualMachineError} (out of memory, internal error): after one of those no invariant
 * holds, so it is rethrown and ends the thread. {@link StackOverflowError} is the exception to
 * the exception: it unwinds cleanly and is the usual result of a buggy recursive step.
 */
public final class Fatal {
  private Fatal() {}

  /** Rethrows {@code t} if it is fatal (see the class comment); returns otherwise. */
  public static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
      throw (VirtualMachineError) t;
    }
  }
}
