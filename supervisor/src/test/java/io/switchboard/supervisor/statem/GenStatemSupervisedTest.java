package io.switchboard.supervisor.statem;

import io.switchboard.testkit.Await;
import static io.switchboard.supervisor.statem.Transition.keepStateAndData;
import static io.switchboard.supervisor.statem.Transition.nextState;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.ChildStatus;
import io.switchboard.supervisor.EventLoop;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerStatus;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorSpec;
import io.switchboard.supervisor.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A GenStatem is a worker like any other: its crash is restarted by its supervisor. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GenStatemSupervisedTest {
  private final ManualClock clock = new ManualClock();
  private final EventLoop loop = EventLoop.builder("statem-sup").clock(clock).start();

  @AfterEach
  void stop() {
    loop.close();
  }

  /** closed -open-> open (10 s state timeout -> closed); "?" replies the state; "boom" throws. */
  private static Lab door() {
    return new Lab("closed", (type, ev, st) -> {
      if (type instanceof EventType.StateTimeout) {
        return nextState("closed", 0);
      }
      return switch (ev) {
        case "?" -> keepStateAndData(Action.reply(((EventType.Call) type).from(), st));
        case "open" -> nextState("open", 0, Action.stateTimeout(Duration.ofSeconds(10), "close"));
        case "boom" -> throw new IllegalStateException("boom");
        case "give_up" -> Transition.stop(ExitReason.crash(new IllegalStateException("jammed")));
        default -> keepStateAndData();
      };
    });
  }

  private static void await(BooleanSupplier cond) {
    Await.until("the condition", Duration.ofSeconds(10), cond);
  }

  private String state() {
    return loop.<String>call("door", "?").orThrow();
  }

  @Test
  void crash_supervisorRestartsMachine_initialStateAndNoStaleTimeouts() {
    Lab lab = door();
    Supervisor sup = Supervisor.builder("doors", loop, SupervisorSpec.oneForOne(
        ChildSpec.worker("door", () -> GenStatem.server(lab, loop, "door")))).build();
    sup.start().orThrow();
    loop.cast("door", "open");
    assertThat(state()).isEqualTo("open");

    assertThat(loop.call("door", "boom")).isInstanceOf(Reply.Crashed.class);
    await(() -> loop.status("door") == ServerStatus.RUNNING);
    assertThat(state()).isEqualTo("closed");
    assertThat(sup.snapshot().orThrow().toString()).contains("door");
    int before = lab.log.size();
    clock.advance(Duration.ofSeconds(11)); // the dead machine's state timeout must not fire
    state();
    state();
    assertThat(lab.log.subList(before, lab.log.size()))
        .noneMatch(l -> l.contains("statetimeout"));
    sup.stop();
  }

  @Test
  void crashTwiceWithinIntensity_supervisorGivesUp() {
    Supervisor sup = Supervisor.builder("doors", loop, SupervisorSpec.oneForOne(
        ChildSpec.worker("door", () -> GenStatem.server(door(), loop, "door")))).build();
    sup.start().orThrow();
    loop.call("door", "boom");
    await(() -> loop.status("door") == ServerStatus.RUNNING);
    loop.call("door", "boom");
    await(() -> sup.status() == ChildStatus.STOPPED);
    assertThat(loop.status("door")).isNull();
  }

  /** gen_statem.erl: {stop, Reason} with an abnormal Reason → a crash report, then a restart. */
  @Test
  void stopAbnormal_crashReportedAndRestarted() {
    Supervisor sup = Supervisor.builder("doors", loop, SupervisorSpec.oneForOne(
        ChildSpec.worker("door", () -> GenStatem.server(door(), loop, "door")))).build();
    sup.start().orThrow();
    loop.cast("door", "open");
    loop.cast("door", "give_up");
    await(() -> sup.crashReports().recorded() == 1);
    assertThat(sup.crashReports().recent().get(0).cause()).hasMessage("jammed");
    await(() -> loop.status("door") == ServerStatus.RUNNING);
    assertThat(state()).isEqualTo("closed");
    sup.stop();
  }
}
