package io.switchboard.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.supervisor.CrashReport;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Step;
import io.switchboard.supervisor.time.ManualClock;
import org.junit.jupiter.api.Test;

class LoggingExceptionHandlerTest {
  private final ManualClock clock = new ManualClock(42);
  private final LoopCounters counters = new LoopCounters();
  private final LoggingExceptionHandler handler =
      new LoggingExceptionHandler("loop-1", clock, counters);
  private final ServerCell cell = new ServerCell("c", new Echo(), null, 4);

  /** The smallest server: the handler only reads its name, kind and last inputs. */
  private static final class Echo implements GenServer<Object, Object, Object> {
    @Override
    public Object init() {
      return "";
    }

    @Override
    public Step<Object, Object> step(Object input, Object state) {
      return Step.of(state, input);
    }
  }

  @Test
  void handleStepException_countsAndReportsWithTheLastInputs() {
    cell.remember("a");
    cell.remember("b");
    IllegalStateException boom = new IllegalStateException("boom (expected in this test)");
    CrashReport r = handler.handleStepException(cell, boom);
    assertThat(counters.crashes()).isEqualTo(1);
    assertThat(r.server()).isEqualTo("c");
    assertThat(r.loop()).isEqualTo("loop-1");
    assertThat(r.kind()).isEqualTo("echo");
    assertThat(r.phase()).isEqualTo("step");
    assertThat(r.cause()).isSameAs(boom);
    assertThat(r.inputs()).containsExactly("a", "b");
    assertThat(r.atNanos()).isEqualTo(42);
  }

  /** gen_server.erl: a stop with a reason other than normal/shutdown is a crash (reported). */
  @Test
  void handleAbnormalStop_crashReason_reportsItsThrowable() {
    cell.remember("x");
    IllegalStateException why = new IllegalStateException("gave up (expected in this test)");
    CrashReport r = handler.handleAbnormalStop(cell, ExitReason.crash(why));
    assertThat(counters.crashes()).isEqualTo(1);
    assertThat(r.phase()).isEqualTo("step");
    assertThat(r.cause()).isSameAs(why);
    assertThat(r.inputs()).containsExactly("x");
  }

  @Test
  void handleAbnormalStop_reasonWithoutThrowable_reportsTheReason() {
    CrashReport r = handler.handleAbnormalStop(cell, ExitReason.KILLED);
    assertThat(r.cause()).hasToString("stopped with reason killed");
    assertThat(r.cause().getStackTrace()).isEmpty();
  }

  @Test
  void handleInitException_countsAndAnswersCrashed() {
    Reply<Object> r = handler.handleInitException(cell, new IllegalStateException("no"));
    assertThat(counters.crashes()).isEqualTo(1);
    assertThat(r).isEqualTo(
        new Reply.Crashed<>("c", "init failed: java.lang.IllegalStateException: no"));
  }

  @Test
  void everyHandler_fatalError_rethrown_stackOverflow_handled() {
    OutOfMemoryError oom = new OutOfMemoryError("fatal (expected in this test)");
    assertThatThrownBy(() -> handler.handleStepException(cell, oom)).isSameAs(oom);
    assertThatThrownBy(() -> handler.handleInitException(cell, oom)).isSameAs(oom);
    assertThatThrownBy(() -> handler.handleTerminateException(cell, ExitReason.NORMAL, oom))
        .isSameAs(oom);
    assertThatThrownBy(() -> handler.handleExitListenerException(cell, oom)).isSameAs(oom);
    assertThatThrownBy(() -> handler.handleStateEncodeException(cell, oom)).isSameAs(oom);
    assertThatThrownBy(() -> handler.handleTaskException(oom)).isSameAs(oom);
    assertThat(counters.crashes()).isZero();
    assertThat(handler.handleStepException(cell, new StackOverflowError())).isNotNull();
    handler.handleTaskException(new StackOverflowError("expected in this test"));
  }
}
