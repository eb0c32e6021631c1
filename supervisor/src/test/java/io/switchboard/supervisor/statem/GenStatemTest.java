package io.switchboard.supervisor.statem;

import static io.switchboard.supervisor.statem.Action.postpone;
import static io.switchboard.supervisor.statem.Action.reply;
import static io.switchboard.supervisor.statem.Transition.keepStateAndData;
import static io.switchboard.supervisor.statem.Transition.nextState;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GenStatem semantics, driven purely by {@link StatemRun}: enter calls, postpone, replies, stop. */
class GenStatemTest {

  private static Transition<String, Integer, String, String> go(String state) {
    return nextState(state, 0);
  }

  @Test
  void enter_initAndEveryChange_calledWithOldState() {
    Lab lab = new Lab("a", (type, ev, st) -> switch (ev) {
      case "same" -> go(st);
      case "repeat" -> Transition.repeatStateAndData();
      default -> go(ev);
    });
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("b");
    run.cast("same");
    run.cast("repeat");
    run.cast("a");

    assertThat(lab.log).containsExactly(
        "enter:a>a",
        "a:cast:b", "enter:a>b",
        "b:cast:same",
        "b:cast:repeat", "enter:b>b",
        "b:cast:a", "enter:b>a");
  }

  @Test
  void enter_setsStateTimeoutAndReplies_actionsApplied() {
    List<String> seen = new ArrayList<>();
    Lab lab = new Lab("idle", (type, ev, st) -> {
      seen.add(st + "/" + ev);
      return ev.equals("go") ? go("busy") : go("idle");
    }, (old, st) -> st.equals("busy")
        ? Transition.keepStateAndData(Action.stateTimeout(Duration.ofSeconds(3), "tick"))
        : Transition.keepStateAndData());
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("go");
    assertThat(run.timeLeft(EventType.STATE_TIMEOUT)).contains(Duration.ofSeconds(3));
    run.advance(Duration.ofSeconds(3));
    assertThat(seen).containsExactly("idle/go", "busy/tick");
    assertThat(run.state()).isEqualTo("idle");
  }

  @Test
  void enter_changesState_crashes() {
    Lab lab = new Lab("a", (type, ev, st) -> go("b"),
        (old, st) -> st.equals("b") ? go("c") : keepStateAndData());
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    assertThat(run.cast("x")).isInstanceOf(Reply.Crashed.class);
    assertThat(run.exit()).get().isInstanceOf(ExitReason.Crash.class);
    assertThat(lab.terminated).hasSize(1);
  }

  @Test
  void postpone_retriedAfterStateChange_inArrivalOrderBeforeNewEvents() {
    Lab lab = new Lab("locked", (type, ev, st) -> {
      if (st.equals("locked")) {
        return ev.equals("unlock") ? go("open") : keepStateAndData(postpone());
      }
      return ev.equals("lock") ? go("locked") : keepStateAndData();
    });
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("a");
    run.cast("b");
    run.cast("c");
    run.cast("unlock");
    run.cast("d");

    assertThat(lab.log).containsExactly(
        "enter:locked>locked",
        "locked:cast:a", "locked:cast:b", "locked:cast:c",
        "locked:cast:unlock", "enter:locked>open",
        "open:cast:a", "open:cast:b", "open:cast:c",
        "open:cast:d");
  }

  @Test
  void postpone_noStateChange_notRetried() {
    Lab lab = new Lab("s", (type, ev, st) ->
        ev.equals("p") ? keepStateAndData(postpone()) : keepStateAndData());
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("p");
    run.cast("x");
    run.cast("y");
    assertThat(lab.log).containsExactly("enter:s>s", "s:cast:p", "s:cast:x", "s:cast:y");
  }

  @Test
  void postpone_andChangeStateInSameTransition_retriedAtOnceInNewState() {
    Lab lab = new Lab("a", (type, ev, st) ->
        st.equals("a") ? nextState("b", 0, postpone()) : keepStateAndData());
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("x");
    assertThat(lab.log).containsExactly("enter:a>a", "a:cast:x", "enter:a>b", "b:cast:x");
  }

  @Test
  void nextEvent_handledBeforePostponedAndInListOrder() {
    Lab lab = new Lab("wait", (type, ev, st) -> {
      if (st.equals("wait")) {
        return ev.equals("go")
            ? nextState("run", 0, Action.nextEvent("n1"), Action.nextEvent("n2"))
            : keepStateAndData(postpone());
      }
      return keepStateAndData();
    });
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("p1");
    run.cast("go");
    assertThat(lab.log).containsExactly(
        "enter:wait>wait", "wait:cast:p1", "wait:cast:go", "enter:wait>run",
        "run:internal:n1", "run:internal:n2", "run:cast:p1");
  }

  @Test
  void reply_inStep_callGetsIt() {
    Lab lab = new Lab("s", (type, ev, st) ->
        keepStateAndData(reply(((EventType.Call) type).from(), "echo:" + ev)));
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    assertThat(run.call("hi").orThrow()).isEqualTo("echo:hi");
  }

  @Test
  void reply_toPostponedCall_arrivesAfterStateChange() {
    Lab lab = new Lab("closed", (type, ev, st) -> {
      if (ev.equals("open")) {
        return go("open");
      }
      if (st.equals("closed")) {
        return keepStateAndData(postpone());
      }
      return keepStateAndData(reply(((EventType.Call) type).from(), "served:" + ev));
    });
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    Promise<String> p = run.callAsync("q");
    assertThat(p.isDone()).isFalse();
    assertThat(run.call("q2")).isInstanceOf(Reply.Timeout.class);
    run.cast("open");
    assertThat(p.peek()).isEqualTo(Reply.ok("served:q"));
  }

  @Test
  void stop_withReply_repliesThenTerminates() {
    Lab lab = new Lab("s", (type, ev, st) -> Transition.stop(ExitReason.NORMAL,
        reply(((EventType.Call) type).from(), "bye")));
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    assertThat(run.call("quit").orThrow()).isEqualTo("bye");
    assertThat(run.exit()).contains(ExitReason.NORMAL);
    assertThat(lab.terminated).containsExactly(ExitReason.NORMAL);
    assertThat(run.cast("more")).isInstanceOf(Reply.Unavailable.class);
  }

  @Test
  void stop_withPostponedCall_callerFailsInsteadOfWaiting() {
    Lab lab = new Lab("s", (type, ev, st) ->
        ev.equals("quit") ? Transition.stop(ExitReason.SHUTDOWN) : keepStateAndData(postpone()));
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    Promise<String> held = run.callAsync("q");
    run.cast("quit");
    assertThat(held.peek()).isInstanceOf(Reply.Unavailable.class);
  }

  @Test
  void step_throws_crashReportedAndTerminateRuns() {
    Lab lab = new Lab("s", (type, ev, st) -> {
      throw new IllegalStateException("boom on " + ev);
    });
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    Reply<String> r = run.call("x");
    assertThat(r).isInstanceOf(Reply.Crashed.class);
    assertThat(((Reply.Crashed<String>) r).reason()).contains("boom on x");
    assertThat(lab.terminated).singleElement().isInstanceOf(ExitReason.Crash.class);
  }

  @Test
  void postponeLoop_bounded_crashesWithMessage() {
    // a postponed event that always changes state and postpones itself again would loop forever
    Lab lab = new Lab("a", (type, ev, st) ->
        nextState(st.equals("a") ? "b" : "a", 0, postpone()));
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    Reply<Void> r = run.cast("x");
    assertThat(r).isInstanceOf(Reply.Crashed.class);
    assertThat(((Reply.Crashed<Void>) r).reason()).contains("events and enter calls in one step");
  }

  @Test
  void init_stop_machineNeverRuns() {
    GenStatem<String, Integer, String, String> refuses = new GenStatem<>() {
      @Override
      public Transition<String, Integer, String, String> init() {
        return Transition.stop(ExitReason.shutdown("no config"));
      }

      @Override
      public Transition<String, Integer, String, String> handleEvent(
          EventType type, String event, String state, Integer data) {
        throw new AssertionError("never");
      }
    };
    StatemRun<String, Integer, String, String> run = StatemRun.start(refuses);
    assertThat(run.exit()).contains(ExitReason.shutdown("no config"));
    assertThat(run.cast("x")).isInstanceOf(Reply.Unavailable.class);
  }
}
