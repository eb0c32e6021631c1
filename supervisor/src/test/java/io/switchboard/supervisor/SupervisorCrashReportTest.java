package io.switchboard.supervisor;

import static io.switchboard.supervisor.SupervisorFixtures.until;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.switchboard.supervisor.SupervisorFixtures.LogCapture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A supervised crash is kept, logged once, and its last inputs reproduce it with {@link Run}. */
@Timeout(30)
class SupervisorCrashReportTest {

  @Test
  void crash_counterResetAtZero_reportReplaysToTheSameCrash() {
    try (EventLoop loop = EventLoop.builder("cr").start();
        LogCapture logs = LogCapture.of("io.switchboard.crash")) {
      Supervisor sup = Supervisor.builder("app", loop, SupervisorSpec.oneForOne(
          ChildSpec.supervisor("counters", SupervisorSpec.oneForOne(
              ChildSpec.worker("counter-1", Counter::new))))).build();
      assertThat(sup.start().isOk()).isTrue();

      loop.call("counter-1", Counter.Input.INCREMENT);
      loop.call("counter-1", Counter.Input.RESET);
      assertThat(loop.call("counter-1", Counter.Input.RESET)).isInstanceOf(Reply.Crashed.class);
      until(() -> sup.crashReports().recorded() == 1, () -> "the crash report");

      CrashReport report = sup.crashReports().recent().get(0);
      assertThat(report.supervisor()).isEqualTo("app/counters");
      assertThat(report.server()).isEqualTo("counter-1");
      assertThat(report.kind()).isEqualTo("counter");
      assertThat(report.loop()).isEqualTo("cr");
      assertThat(report.phase()).isEqualTo("step");
      assertThat(report.inputs()).containsExactly(Counter.Input.INCREMENT, Counter.Input.RESET,
          Counter.Input.RESET);

      List<Counter.Input> replay = report.inputs().stream().map(Counter.Input.class::cast)
          .toList();
      RunResult<Long, Counter.Output> again = Run.run(new Counter(), replay);
      assertThat(again).isInstanceOf(RunResult.Crashed.class);
      RunResult.Crashed<Long, Counter.Output> crashed =
          (RunResult.Crashed<Long, Counter.Output>) again;
      assertThat(crashed.index()).isEqualTo(2);
      assertThat(crashed.cause()).hasSameClassAs(report.cause())
          .hasMessage(report.cause().getMessage());

      // the writer is shared by the JVM: other tests' crash lines may land here too
      until(() -> lines(logs).size() == 1, () -> "the crash log line of counter-1");
      ILoggingEvent line = lines(logs).get(0);
      assertThat(line.getFormattedMessage())
          .contains("supervisor=app/counters").contains("child=counter-1")
          .contains("reason=\"java.lang.IllegalStateException: reset of a counter")
          .contains("last_inputs=[INCREMENT, RESET, RESET]");
      assertThat(line.getThrowableProxy()).as("stack trace attached").isNotNull();
      sup.stop();
    }
  }

  private static List<ILoggingEvent> lines(LogCapture logs) {
    return logs.events().stream()
        .filter(e -> e.getFormattedMessage().contains("child=counter-1")).toList();
  }

  @Test
  void record_moreThanCapacity_keepsTheLastOnesInOrder() {
    CrashReports ring = new CrashReports(3);
    for (int i = 1; i <= 5; i++) {
      ring.record(new CrashReport("s" + i, "k", "l", "sup", "step",
          new IllegalStateException("boom " + i), List.of(i), i));
    }
    assertThat(ring.recent()).extracting(CrashReport::server).containsExactly("s3", "s4", "s5");
    assertThat(ring.recorded()).isEqualTo(5);
    assertThat(ring.capacity()).isEqualTo(3);
  }
}
