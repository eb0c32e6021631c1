package io.switchboard.supervisor;

import java.util.ArrayList;
import java.util.List;

/**
 * The seed's pure sequential runner: steps a server over a list of inputs on the calling thread.
 *
 * <p>No threads, no clock, no loop: this is how a server is unit tested, and how a crash report's
 * last inputs are replayed to reproduce the crash ({@link CrashReport#inputs()}).
 */
public final class Run {
  private Run() {}

  /** Runs {@code init} and then every input in order. */
  public static <I, S, O> RunResult<S, O> run(GenServer<I, S, O> server, List<? extends I> inputs) {
    S state;
    try {
      state = server.init();
    } catch (Exception | Error e) {
      return new RunResult.Crashed<>(-1, null, e, List.of(), null);
    }
    return run(server, state, inputs);
  }

  /** Runs every input in order from a given state, as in the seed. */
  public static <I, S, O> RunResult<S, O> run(
      GenServer<I, S, O> server, S initial, List<? extends I> inputs) {
    List<O> outputs = new ArrayList<>(inputs.size());
    S state = initial;
    for (int i = 0; i < inputs.size(); i++) {
      I input = inputs.get(i);
      try {
        Step<S, O> step = server.step(input, state);
        state = step.state();
        outputs.add(step.output());
      } catch (Exception | Error e) {
        return new RunResult.Crashed<>(i, input, e, List.copyOf(outputs), state);
      }
    }
    return new RunResult.Completed<>(state, outputs);
  }
}
