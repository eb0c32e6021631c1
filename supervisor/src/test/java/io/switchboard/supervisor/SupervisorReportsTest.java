package io.switchboard.supervisor;

import static io.switchboard.supervisor.SupervisorFixtures.probe;
import static io.switchboard.supervisor.SupervisorFixtures.settle;
import static io.switchboard.supervisor.SupervisorFixtures.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.SupervisorFixtures.Journal;
import io.switchboard.supervisor.SupervisorFixtures.LogCapture;
import io.switchboard.supervisor.SupervisorFixtures.Probe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What is reported, and what is not, when a server stops itself (OTP {@code gen_server.erl}:
 * {@code terminate/…} logs an error report and {@code proc_lib} a crash report for any reason
 * other than {@code normal}, {@code shutdown} or {@code {shutdown,_}}).
 */
@Timeout(30)
class SupervisorReportsTest {
  private final Journal j = new Journal();
  private EventLoop loop;

  @BeforeEach
  void startLoop() {
    loop = EventLoop.builder("reports").start();
  }

  @AfterEach
  void stopLoop() {
    loop.close();
  }

  /** gen_server.erl: {stop, Reason, Reply, State} with an abnormal Reason → crash report. */
  @Test
  void stepStop_abnormalReason_crashReportAndLogLine_genServerErrorReport() {
    try (LogCapture logs = LogCapture.of("io.switchboard.crash")) {
      Supervisor sup = Supervisor.builder("ab", loop, SupervisorSpec.oneForOne(
          probe("ab-w", j))).build();
      assertThat(sup.start().isOk()).isTrue();
      loop.call("ab-w", "hello");

      assertThat(loop.call("ab-w", "stop_crash")).isEqualTo(Reply.ok("bye"));

      until(() -> sup.crashReports().recorded() == 1, () -> "the crash report of ab-w");
      CrashReport r = sup.crashReports().recent().get(0);
      assertThat(r.server()).isEqualTo("ab-w");
      assertThat(r.supervisor()).isEqualTo("ab");
      assertThat(r.phase()).isEqualTo("step");
      assertThat(r.cause()).hasMessage("stop of ab-w (test)");
      assertThat(r.inputs()).containsExactly("hello", "stop_crash");
      assertThat(loop.stats().crashes()).isEqualTo(1);
      until(() -> logs.messages().stream().anyMatch(m -> m.contains("child=ab-w")),
          () -> "the crash log line of ab-w");
      assertThat(logs.messages()).filteredOn(m -> m.contains("child=ab-w")).singleElement()
          .asString().contains("supervisor=ab").contains("reason=\"java.lang.Illegal");
      settle(sup);
      assertThat(j.with("terminate:ab-w")).containsExactly(
          "terminate:ab-w:crash:java.lang.IllegalStateException: stop of ab-w (test)");
      assertThat(j.inits("ab-w")).as("restarted as a crash is").isEqualTo(2);
      sup.stop();
    }
  }

  /** gen_server.erl: a stop with killed (no throwable) is abnormal too: reported. */
  @Test
  void stepStop_killedReason_reportedWithTheReason() {
    Supervisor sup = Supervisor.builder("ak", loop, SupervisorSpec.oneForOne(
        probe("ak-w", j))).build();
    assertThat(sup.start().isOk()).isTrue();
    loop.call("ak-w", "stop_killed");
    until(() -> sup.crashReports().recorded() == 1, () -> "the crash report of ak-w");
    assertThat(sup.crashReports().recent().get(0).cause())
        .hasToString("stopped with reason killed");
    settle(sup);
    sup.stop();
  }

  /** gen_server.erl: normal, shutdown and {shutdown,_} stops log nothing. */
  @Test
  void stepStop_normalOrShutdown_noCrashReport() {
    Supervisor sup = Supervisor.builder("nr", loop, SupervisorSpec.oneForOne(
        probe("nr-a", j), probe("nr-b", j), probe("nr-c", j))
        .withIntensity(3, Duration.ofSeconds(5))).build();
    assertThat(sup.start().isOk()).isTrue();
    loop.call("nr-a", "normal");
    loop.call("nr-b", "shutdown");
    loop.call("nr-c", "shutdown:bye");
    until(() -> j.inits("nr-a") + j.inits("nr-b") + j.inits("nr-c") == 6,
        () -> "the three restarts (permanent)");
    settle(sup);
    assertThat(sup.crashReports().recorded()).isZero();
    assertThat(loop.stats().crashes()).isZero();
    sup.stop();
  }

  /** proc_lib: an unsupervised server that stops abnormally is reported too (by its loop). */
  @Test
  void stepStop_abnormalUnsupervised_loopCrashHandlerGetsTheReport() {
    List<CrashReport> seen = new CopyOnWriteArrayList<>();
    try (EventLoop own = EventLoop.builder("reports-u").onUnsupervisedCrash(seen::add).start()) {
      assertThat(own.start("u", new Probe("u", j)).isOk()).isTrue();
      own.call("u", "normal");
      assertThat(own.start("v", new Probe("v", j)).isOk()).isTrue();
      own.call("v", "stop_crash");
      until(() -> own.status("v") == null, () -> "v removed");
      assertThat(seen).extracting(CrashReport::server).containsExactly("v");
    }
  }

  /** What a tree's listener heard as start_error reports: {@code child reason}. */
  private static SupervisorListener startErrors(List<String> into) {
    return new SupervisorListener() {
      @Override
      public void startError(String supervisor, String child, ExitReason reason) {
        into.add(supervisor + " " + child + " " + reason);
      }
    };
  }

  /**
   * supervisor.erl do_start_child_i: a start function that fails is {error, What} → a supervisor
   * report with context start_error and the reason; no init ran, so there is no crash report.
   */
  @Test
  void startFunctionThrows_startErrorReportWithTheReason_noInitCrashReport() {
    List<String> reports = new CopyOnWriteArrayList<>();
    try (LogCapture logs = LogCapture.of("io.switchboard.supervisor.Supervisor")) {
      Supervisor sup = Supervisor.builder("se", loop, SupervisorSpec.oneForOne(
              probe("se-a", j), ChildSpec.worker("se-b", () -> {
                throw new IllegalStateException("no config for se-b (test)");
              })))
          .listener(startErrors(reports)).build();

      Reply<Void> r = sup.start();

      assertThat(r).isInstanceOf(Reply.Crashed.class);
      assertThat(sup.exitReason().toString()).startsWith("{shutdown,{failed_to_start_child,se-b,")
          .contains("no config for se-b (test)");
      assertThat(reports).containsExactly(
          "se se-b crash:java.lang.IllegalStateException: no config for se-b (test)");
      assertThat(sup.crashReports().recorded()).as("no crash report: no init ran").isZero();
      assertThat(j.all()).containsExactly("init:se-a", "terminate:se-a:shutdown");
      assertThat(logs.messages()).anySatisfy(m -> assertThat(m)
          .startsWith("event=start_error supervisor=se child=se-b")
          .contains("no config for se-b (test)"));
    }
  }

  /** supervisor.erl: a dynamic child whose start function fails: {error, Reason}, start_error. */
  @Test
  void startChild_startFunctionThrows_crashedReplyAndStartError_noCrashReport() {
    List<String> reports = new CopyOnWriteArrayList<>();
    Supervisor sup = Supervisor.builder("sd", loop, SupervisorSpec.simpleOneForOne(
            ChildSpec.template("t", n -> {
              throw new IllegalArgumentException("bad name " + n + " (test)");
            })))
        .listener(startErrors(reports)).build();
    assertThat(sup.start().isOk()).isTrue();

    assertThat(sup.startChild("x")).isInstanceOf(Reply.Crashed.class);

    assertThat(reports).singleElement().asString().startsWith("sd x crash:")
        .contains("bad name x (test)");
    assertThat(sup.crashReports().recorded()).isZero();
    assertThat(sup.whichChildren().orThrow()).isEmpty();
    sup.stop();
  }

  /** proc_lib + supervisor.erl: an init that throws is a crash report and a start_error. */
  @Test
  void initThrows_crashReportOfPhaseInit_andStartError() {
    List<String> reports = new CopyOnWriteArrayList<>();
    Probe bad = new Probe("si-b", j);
    bad.failInit = true;
    Supervisor sup = Supervisor.builder("si", loop, SupervisorSpec.oneForOne(
            ChildSpec.worker("si-b", () -> bad)))
        .listener(startErrors(reports)).build();

    assertThat(sup.start()).isInstanceOf(Reply.Crashed.class);

    assertThat(reports).singleElement().asString().startsWith("si si-b crash:")
        .contains("init of si-b failed (test)");
    assertThat(sup.crashReports().recent()).singleElement()
        .satisfies(c -> assertThat(c.phase()).isEqualTo("init"));
  }
}
