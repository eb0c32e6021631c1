package io.switchboard.supervisor;

import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What {@link Run#run} returns: all outputs, or the crash and what came before it. */
public sealed interface RunResult<S, O> {

  /** Every input was stepped. */
  record Completed<S, O>(S state, List<O> outputs) implements RunResult<S, O> {
    public Completed {
      outputs = Collections.unmodifiableList(outputs);
    }

    /** The seed's result: the output of the last input ({@code null} for no inputs). */
    public @Nullable O last() {
      return outputs.isEmpty() ? null : outputs.get(outputs.size() - 1);
    }
  }

  /**
   * A step (or {@code init}, index -1) threw.
   *
   * @param index position of the input that crashed, -1 for {@code init}
   * @param input the input that crashed ({@code null} for {@code init})
   * @param cause what it threw
   * @param outputs outputs of the inputs before it
   * @param state the state before the crashing input
   */
  record Crashed<S, O>(int index, @Nullable Object input, Throwable cause, List<O> outputs, S state)
      implements RunResult<S, O> {}
}
