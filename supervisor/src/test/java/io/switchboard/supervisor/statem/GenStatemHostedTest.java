package io.switchboard.supervisor.statem;

import io.switchboard.testkit.Await;
import static io.switchboard.supervisor.statem.Transition.keepStateAndData;
import static io.switchboard.supervisor.statem.Transition.nextState;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.EventLoop;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerStatus;
import io.switchboard.supervisor.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GenStatem hosted on an event loop: timeouts as loop timers on a manual clock, crashes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GenStatemHostedTest {
  private final ManualClock clock = new ManualClock();
  private final EventLoop loop = EventLoop.builder("statem-test").clock(clock).start();

  GenStatemHostedTest() {
    loop.start("sync", GenStatem.server(new Lab("s", (type, ev, st) ->
        keepStateAndData(Action.reply(((EventType.Call) type).from(), ev))), loop, "sync"));
  }

  /**
   * Returns once the loop has stepped everything queued before this call and fired the timers
   * that were due before it (a call to another server is taken in inbox order, and the loop
   * fires due timers after each batch). Unlike a call to the machine under test, it is not an
   * event for that machine, so it cancels none of its event timeouts.
   */
  private void sync() {
    loop.call("sync", "a").orThrow();
    loop.call("sync", "b").orThrow();
  }

  @AfterEach
  void stop() {
    loop.close();
  }

  /**
   * idle -ring-> ringing (30 s state timeout -> missed) -answer-> talking; "?" replies the state;
   * "arm" sets a 5 s event timeout and a 7 s named timeout; "boom" throws.
   */
  private static Lab phone() {
    return new Lab("idle", (type, ev, st) -> {
      if (type instanceof EventType.StateTimeout) {
        return nextState("missed", 0);
      }
      if (type instanceof EventType.EventTimeout) {
        return nextState("quiet", 0);
      }
      if (type instanceof EventType.GenericTimeout g) {
        return nextState("named-" + g.name(), 0);
      }
      return switch (ev) {
        case "?" -> keepStateAndData(Action.reply(((EventType.Call) type).from(), st));
        case "ring" -> nextState("ringing", 0,
            Action.stateTimeout(Duration.ofSeconds(30), "no-answer"));
        case "answer" -> nextState("talking", 0);
        case "arm" -> keepStateAndData(Action.eventTimeout(Duration.ofSeconds(5), "e"),
            Action.timeout("n", Duration.ofSeconds(7), "n"));
        case "boom" -> throw new IllegalStateException("boom in " + st);
        default -> keepStateAndData();
      };
    });
  }

  private void startPhone(String name, Lab lab) {
    assertThat(loop.start(name, GenStatem.server(lab, loop, name)).isOk()).isTrue();
  }

  private String state(String name) {
    return loop.<String>call(name, "?").orThrow();
  }

  private String settledState(String name) {
    sync();
    return state(name);
  }

  private static void await(Supplier<Boolean> cond) {
    Await.until("the condition", Duration.ofSeconds(10), cond::get);
  }

  /**
   * Polls {@code cond}, publishing to the loop between polls: a loop that was still spinning
   * when the manual clock advanced may otherwise notice only at its next real-time wake-up.
   */
  private void awaitSynced(Supplier<Boolean> cond) {
    await(() -> {
      sync();
      return cond.get();
    });
  }

  @Test
  void stateTimeout_clockAdvances_firesAsLoopTimer() {
    startPhone("p", phone());
    loop.cast("p", "ring");
    sync();
    clock.advance(Duration.ofSeconds(29));
    assertThat(settledState("p")).isEqualTo("ringing");
    clock.advance(Duration.ofSeconds(1));
    await(() -> state("p").equals("missed"));
  }

  @Test
  void stateTimeout_stateChangedFirst_neverFires() {
    startPhone("p", phone());
    loop.cast("p", "ring");
    loop.cast("p", "answer");
    sync();
    clock.advance(Duration.ofSeconds(31));
    assertThat(settledState("p")).isEqualTo("talking");
  }

  @Test
  void eventTimeout_andNamedTimeout_fireInDueOrder() {
    Lab lab = phone();
    startPhone("p", lab);
    loop.cast("p", "arm");
    sync();
    clock.advance(Duration.ofSeconds(5));
    awaitSynced(() -> lab.log.contains("idle:eventtimeout:e"));
    clock.advance(Duration.ofSeconds(2));
    awaitSynced(() -> lab.log.contains("quiet:timeout(n):n"));
    assertThat(state("p")).isEqualTo("named-n");
  }

  @Test
  void eventTimeout_eventArrives_cancelled() {
    Lab lab = phone();
    startPhone("p", lab);
    loop.cast("p", "arm");
    sync();
    clock.advance(Duration.ofSeconds(4));
    loop.cast("p", "noise");
    sync();
    clock.advance(Duration.ofSeconds(2));
    sync();
    assertThat(lab.log).doesNotContain("idle:eventtimeout:e");
    assertThat(state("p")).isEqualTo("idle");
  }

  @Test
  void crash_listenerRestarts_freshStateAndOldTimersIgnored() {
    Lab lab = phone();
    List<ExitReason> exits = new CopyOnWriteArrayList<>();
    loop.startAsync("p", GenStatem.server(lab, loop, "p"), (name, reason, report) -> {
      exits.add(reason);
      loop.restartAsync(name);
    }).await(System.nanoTime() + TimeUnit.SECONDS.toNanos(5),
        io.switchboard.supervisor.IdleStrategy.DEFAULT).orThrow();
    loop.cast("p", "ring");
    sync();
    Reply<String> crashed = loop.call("p", "boom");
    assertThat(crashed).isInstanceOf(Reply.Crashed.class);
    await(() -> loop.status("p") == ServerStatus.RUNNING);
    assertThat(state("p")).isEqualTo("idle");
    assertThat(exits).singleElement().isInstanceOf(ExitReason.Crash.class);
    assertThat(lab.terminated).singleElement().isInstanceOf(ExitReason.Crash.class);
    clock.advance(Duration.ofSeconds(60)); // the dead machine's ringing timeout must not fire
    assertThat(settledState("p")).isEqualTo("idle");
  }

  @Test
  void callAsync_postponedCall_repliedAfterStateChange() {
    Lab lab = new Lab("closed", (type, ev, st) -> {
      if (ev.equals("open")) {
        return nextState("open", 0);
      }
      if (st.equals("closed")) {
        return keepStateAndData(Action.postpone());
      }
      return keepStateAndData(Action.reply(((EventType.Call) type).from(), "served:" + ev));
    });
    startPhone("door", lab);
    Promise<String> held = GenStatem.callAsync(loop, "door", "q");
    assertThat(GenStatem.cast(loop, "door", "open").isOk()).isTrue();
    Reply<String> r = held.await(System.nanoTime() + TimeUnit.SECONDS.toNanos(5),
        io.switchboard.supervisor.IdleStrategy.DEFAULT);
    assertThat(r).isEqualTo(Reply.ok("served:q"));
  }

  @Test
  void hostCall_notRepliedInStep_getsPendingReply() {
    GenStatem<String, Integer, String, String> deferring = new GenStatem<>() {
      @Override
      public Transition<String, Integer, String, String> init() {
        return nextState("s", 0);
      }

      @Override
      public Transition<String, Integer, String, String> handleEvent(
          EventType type, String event, String state, Integer data) {
        return keepStateAndData(Action.postpone());
      }

      @Override
      public String pendingReply(String event, String state, Integer data) {
        return "pending:" + event;
      }
    };
    assertThat(loop.start("d", GenStatem.server(deferring, loop, "d")).isOk()).isTrue();
    assertThat(loop.<String>call("d", "x").orThrow()).isEqualTo("pending:x");
  }

  @Test
  void send_toAnotherMachine_deliveredThroughHost() {
    Lab pinger = new Lab("s", (type, ev, st) ->
        keepStateAndData(Action.send("pong", "ring")));
    startPhone("ping", pinger);
    startPhone("pong", phone());
    loop.cast("ping", "go");
    await(() -> state("pong").equals("ringing"));
  }

  @Test
  void send_toNobody_undeliverableEventHandledNext() {
    Lab lab = new Lab("s", (type, ev, st) -> switch (ev) {
      case "go" -> keepStateAndData(Action.send("nobody", "hi", "lost"));
      case "lost" -> nextState("alone", 0);
      default -> keepStateAndData(Action.reply(((EventType.Call) type).from(), st));
    });
    startPhone("p", lab);
    loop.cast("p", "go");
    await(() -> loop.<String>call("p", "?").orThrow().equals("alone"));
    assertThat(lab.log).contains("s:internal:lost");
  }
}
