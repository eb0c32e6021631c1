package io.switchboard.supervisor.statem;

import static io.switchboard.supervisor.statem.Transition.keepStateAndData;
import static io.switchboard.supervisor.statem.Transition.nextState;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The three kinds of timeout under the runner's virtual clock. */
class GenStatemTimeoutTest {
  private static final Duration S1 = Duration.ofSeconds(1);

  private static Duration s(long n) {
    return Duration.ofSeconds(n);
  }

  /** Any event re-arms a 5 s event timeout; the timeout itself moves to "idle". */
  private static Lab eventTimeoutLab() {
    return new Lab("active", (type, ev, st) -> type instanceof EventType.EventTimeout
        ? nextState("idle", 0)
        : keepStateAndData(Action.eventTimeout(s(5), "idle-after-" + ev)));
  }

  @Test
  void eventTimeout_noEvent_firesAfterDelay() {
    Lab lab = eventTimeoutLab();
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("a");
    run.advance(s(5).minusNanos(1));
    assertThat(run.state()).isEqualTo("active");
    run.advance(Duration.ofNanos(1));
    assertThat(run.state()).isEqualTo("idle");
    assertThat(lab.log).contains("active:eventtimeout:idle-after-a");
  }

  @Test
  void eventTimeout_anyEventBeforeIt_cancelled() {
    Lab lab = new Lab("s", (type, ev, st) -> switch (ev) {
      case "arm" -> keepStateAndData(Action.eventTimeout(s(5), "fired"));
      default -> keepStateAndData();
    });
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("arm");
    run.advance(s(4));
    run.cast("other"); // does not re-arm: the timeout is gone for good
    run.advance(s(60));
    assertThat(lab.log).doesNotContain("s:eventtimeout:fired");
  }

  @Test
  void eventTimeout_anotherTimeoutFiresFirst_cancelledToo() {
    Lab lab = new Lab("s", (type, ev, st) -> ev.equals("arm")
        ? keepStateAndData(Action.eventTimeout(s(5), "ev"), Action.timeout("t", s(2), "gen"))
        : keepStateAndData());
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("arm");
    run.advance(s(10));
    assertThat(lab.log).contains("s:timeout(t):gen").doesNotContain("s:eventtimeout:ev");
  }

  @Test
  void eventTimeout_eventsAlreadyQueued_notStarted() {
    // set together with a next-event: an event is already waiting, so OTP never starts it
    Lab lab = new Lab("s", (type, ev, st) -> ev.equals("arm")
        ? keepStateAndData(Action.eventTimeout(s(1), "ev"), Action.nextEvent("inner"))
        : keepStateAndData());
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("arm");
    assertThat(run.timeLeft(EventType.EVENT_TIMEOUT)).isEmpty();
    run.advance(s(5));
    assertThat(lab.log).containsExactly("enter:s>s", "s:cast:arm", "s:internal:inner");
  }

  @Test
  void stateTimeout_stateUnchanged_firesEvenWithOtherEvents() {
    Lab lab = ringer();
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("ring");
    run.advance(s(20));
    run.cast("noise");
    run.cast("repeat"); // repeat_state is not a state change
    run.advance(s(10));
    assertThat(run.state()).isEqualTo("missed");
    assertThat(lab.log).contains("ringing:statetimeout:no-answer");
  }

  @Test
  void stateTimeout_stateChanges_cancelled() {
    Lab lab = ringer();
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("ring");
    run.advance(s(20));
    run.cast("answer");
    assertThat(run.timeLeft(EventType.STATE_TIMEOUT)).isEmpty();
    run.advance(s(60));
    assertThat(run.state()).isEqualTo("talking");
    assertThat(lab.log).noneMatch(l -> l.contains("statetimeout"));
  }

  @Test
  void stateTimeout_setAgain_restarts() {
    Lab lab = new Lab("s", (type, ev, st) -> type instanceof EventType.StateTimeout
        ? nextState("fired", 0)
        : keepStateAndData(Action.stateTimeout(s(10), "st")));
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("arm");
    run.advance(s(8));
    run.cast("arm-again");
    run.advance(s(8));
    assertThat(run.state()).isEqualTo("s");
    run.advance(s(2));
    assertThat(run.state()).isEqualTo("fired");
  }

  /** idle -ring-> ringing (30 s state timeout) -answer-> talking; timeout -> missed. */
  private static Lab ringer() {
    return new Lab("idle", (type, ev, st) -> {
      if (type instanceof EventType.StateTimeout) {
        return nextState("missed", 0);
      }
      return switch (ev) {
        case "ring" -> nextState("ringing", 0, Action.stateTimeout(s(30), "no-answer"));
        case "answer" -> nextState("talking", 0);
        case "repeat" -> Transition.repeatStateAndData();
        default -> keepStateAndData();
      };
    });
  }

  @Test
  void genericTimeout_survivesStateChangesAndEvents_firesWithItsName() {
    Lab lab = new Lab("a", (type, ev, st) -> switch (ev) {
      case "arm" -> keepStateAndData(Action.timeout("retry", s(3), "r"),
          Action.timeout("poll", s(5), "p"));
      case "b" -> nextState("b", 0);
      default -> keepStateAndData();
    });
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("arm");
    run.cast("b");
    run.advance(s(10));
    assertThat(lab.log).containsSubsequence("b:timeout(retry):r", "b:timeout(poll):p");
  }

  @Test
  void genericTimeout_setAgainOrCancelled_onlyLatestFires() {
    Lab lab = new Lab("s", (type, ev, st) -> switch (ev) {
      case "arm" -> keepStateAndData(Action.timeout("t", s(3), "first"));
      case "rearm" -> keepStateAndData(Action.timeout("t", s(3), "second"));
      case "arm-x" -> keepStateAndData(Action.timeout("x", s(1), "x"));
      case "cancel-x" -> keepStateAndData(Action.cancel(EventType.timeout("x")));
      default -> keepStateAndData();
    });
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("arm");
    run.cast("arm-x");
    run.advance(S1.dividedBy(2));
    run.cast("cancel-x");
    run.advance(s(2));
    run.cast("rearm");
    run.advance(s(10));
    assertThat(lab.log).filteredOn(l -> l.contains("timeout("))
        .containsExactly("s:timeout(t):second");
  }

  @Test
  void timeouts_equalDeadlines_fireInOrderTheyWereSet() {
    Lab lab = new Lab("s", (type, ev, st) -> ev.equals("arm")
        ? keepStateAndData(Action.timeout("one", s(1), "1"), Action.timeout("two", s(1), "2"),
            Action.stateTimeout(s(1), "3"))
        : keepStateAndData());
    StatemRun<String, Integer, String, String> run = StatemRun.start(lab);
    run.cast("arm");
    run.advance(s(1));
    assertThat(lab.log).containsSubsequence("s:timeout(one):1", "s:timeout(two):2",
        "s:statetimeout:3");
  }
}
