package io.switchboard.examples;

import static io.switchboard.examples.Counter.Input.INCREMENT;
import static io.switchboard.examples.Counter.Input.READ;
import static io.switchboard.examples.Counter.Input.RESET;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.Run;
import io.switchboard.supervisor.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's four unit tests, with the same scenarios. */
class CounterRunTest {
  private final Counter counter = new Counter();

  @Test
  void run_incIncRead_value2() {
    var result = Run.run(counter, 0L, List.of(INCREMENT, INCREMENT, READ));
    assertThat(result).isInstanceOf(RunResult.Completed.class);
    assertThat(((RunResult.Completed<Long, Counter.Output>) result).last())
        .isEqualTo(new Counter.Value(2));
  }

  @Test
  void run_incInc_ack() {
    var result = Run.run(counter, 0L, List.of(INCREMENT, INCREMENT));
    assertThat(((RunResult.Completed<Long, Counter.Output>) result).last()).isEqualTo(Counter.ACK);
  }

  @Test
  void run_incResetRead_value0() {
    var result = Run.run(counter, 0L, List.of(INCREMENT, RESET, READ));
    assertThat(((RunResult.Completed<Long, Counter.Output>) result).last())
        .isEqualTo(new Counter.Value(0));
  }

  @Test
  void run_resetResetRead_crashes() {
    var result = Run.run(counter, 0L, List.of(RESET, RESET, READ));
    assertThat(result).isInstanceOfSatisfying(RunResult.Crashed.class, c -> {
      assertThat(c.index()).isZero();
      assertThat(c.input()).isEqualTo(RESET);
      assertThat(c.cause()).isInstanceOf(IllegalStateException.class);
    });
  }

  @Test
  void run_fromInit_startsAtZero() {
    var result = Run.run(counter, List.of(READ));
    assertThat(((RunResult.Completed<Long, Counter.Output>) result).last())
        .isEqualTo(new Counter.Value(0));
  }
}
