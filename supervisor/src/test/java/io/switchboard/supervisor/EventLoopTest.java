package io.switchboard.supervisor;

import io.switchboard.testkit.Await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.supervisor.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventLoopTest {
  private final List<EventLoop> loops = new ArrayList<>();

  private EventLoop loop(java.util.function.UnaryOperator<EventLoop.Builder> cfg) {
    EventLoop l = cfg.apply(EventLoop.builder("test-" + loops.size())).start();
    loops.add(l);
    return l;
  }

  @AfterEach
  void stop() {
    loops.forEach(EventLoop::close);
  }

  @Test
  void call_counter_stepsInOrder() {
    EventLoop l = loop(b -> b);
    assertThat(l.start("c", new Counter()).isOk()).isTrue();
    assertThat(l.call("c", Counter.Input.INCREMENT).orThrow()).isEqualTo(Counter.ACK);
    assertThat(l.call("c", Counter.Input.INCREMENT).orThrow()).isEqualTo(Counter.ACK);
    assertThat(l.call("c", Counter.Input.READ).orThrow()).isEqualTo(new Counter.Value(2));
  }

  @Test
  void callBytes_counter_decodesAndEncodes() {
    EventLoop l = loop(b -> b);
    l.start("c", new Counter());
    l.callBytesAsync("c", bytes("increment"), Duration.ofSeconds(5), Backpressure.FAIL);
    Reply<byte[]> r = l.callBytesAsync("c", bytes("read"), Duration.ofSeconds(5),
        Backpressure.FAIL).await(ServerHost.deadline(Duration.ofSeconds(5)), IdleStrategy.DEFAULT);
    assertThat(new String(r.orThrow(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("1");
  }

  @Test
  void callBytes_badBytes_invalidInputAndServerUnharmed() {
    EventLoop l = loop(b -> b);
    l.start("c", new Counter());
    Reply<byte[]> r = l.callBytesAsync("c", new byte[] {(byte) 0xff, 0, 3}, Duration.ofSeconds(5),
        Backpressure.FAIL).await(ServerHost.deadline(Duration.ofSeconds(5)), IdleStrategy.DEFAULT);
    assertThat(r).isInstanceOf(Reply.InvalidInput.class);
    assertThat(l.status("c")).isEqualTo(ServerStatus.RUNNING);
    assertThat(l.castBytes("c", bytes("nonsense"))).isInstanceOf(Reply.InvalidInput.class);
    assertThat(l.call("c", Counter.Input.READ).orThrow()).isEqualTo(new Counter.Value(0));
  }

  @Test
  void call_unknownName_notFound() {
    EventLoop l = loop(b -> b);
    assertThat(l.call("nobody", "x")).isInstanceOf(Reply.NotFound.class);
    assertThat(l.cast("nobody", "x")).isInstanceOf(Reply.NotFound.class);
  }

  @Test
  void start_badName_invalidInput_duplicateName_alreadyStarted() {
    EventLoop l = loop(b -> b);
    assertThat(l.start("", new Counter())).isInstanceOf(Reply.InvalidInput.class);
    assertThat(l.start("x".repeat(10_000), new Counter())).isInstanceOf(Reply.InvalidInput.class);
    assertThat(l.start("c\nevent=forged", new Counter())).isInstanceOf(Reply.InvalidInput.class);
    assertThat(l.start("c", new Counter()).isOk()).isTrue();
    assertThat(l.start("c", new Counter())).isEqualTo(new Reply.AlreadyStarted<>("c"));
  }

  @Test
  void step_throws_callerGetsCrashedAndNeighboursKeepServing() {
    List<CrashReport> crashes = new CopyOnWriteArrayList<>();
    EventLoop l = loop(b -> b.onUnsupervisedCrash(crashes::add));
    l.start("a", new Counter());
    l.start("b", new Counter());
    l.call("b", Counter.Input.INCREMENT);
    Reply<Object> r = l.call("a", Counter.Input.RESET);
    assertThat(r).isInstanceOfSatisfying(Reply.Crashed.class,
        c -> assertThat(c.reason()).contains("deliberate bug"));
    assertThat(l.status("a")).isNull();
    assertThat(l.call("b", Counter.Input.READ).orThrow()).isEqualTo(new Counter.Value(1));
    assertThat(crashes).singleElement().satisfies(c -> {
      assertThat(c.server()).isEqualTo("a");
      assertThat(c.inputs()).containsExactly(Counter.Input.RESET);
    });
  }

  @Test
  void crash_supervised_heldForListenerAndRestartable() {
    List<String> exits = new CopyOnWriteArrayList<>();
    EventLoop l = loop(b -> b);
    l.startAsync("a", new Counter(), (name, reason, report) -> exits.add(name + ":" + reason))
        .await(ServerHost.deadline(Duration.ofSeconds(5)), IdleStrategy.DEFAULT);
    l.call("a", Counter.Input.INCREMENT);
    assertThat(l.call("a", Counter.Input.RESET).isOk()).isTrue();
    assertThat(l.call("a", Counter.Input.RESET)).isInstanceOf(Reply.Crashed.class);
    assertThat(exits).singleElement().asString().startsWith("a:crash");
    assertThat(l.status("a")).isEqualTo(ServerStatus.EXITED);
    assertThat(l.call("a", Counter.Input.READ)).isInstanceOf(Reply.Unavailable.class);
    assertThat(l.restartAsync("a").await(ServerHost.deadline(Duration.ofSeconds(5)),
        IdleStrategy.DEFAULT).isOk()).isTrue();
    assertThat(l.call("a", Counter.Input.READ).orThrow()).isEqualTo(new Counter.Value(0));
  }

  @Test
  void crashReport_replayedWithRun_reproducesTheCrash() {
    List<CrashReport> crashes = new CopyOnWriteArrayList<>();
    EventLoop l = loop(b -> b.onUnsupervisedCrash(crashes::add));
    l.start("a", new Counter());
    l.call("a", Counter.Input.INCREMENT);
    l.call("a", Counter.Input.RESET);
    l.call("a", Counter.Input.RESET);
    List<Counter.Input> inputs = new ArrayList<>();
    crashes.get(0).inputs().forEach(i -> inputs.add((Counter.Input) i));
    assertThat(inputs).containsExactly(
        Counter.Input.INCREMENT, Counter.Input.RESET, Counter.Input.RESET);
    assertThat(Run.run(new Counter(), inputs)).isInstanceOfSatisfying(RunResult.Crashed.class,
        c -> assertThat(c.index()).isEqualTo(2));
  }

  @Test
  void init_throws_startFailsAndNameIsFree() {
    EventLoop l = loop(b -> b);
    GenServer<Object, Object, Object> bad = new GenServer<>() {
      @Override
      public Object init() {
        throw new IllegalArgumentException("no config");
      }

      @Override
      public Step<Object, Object> step(Object input, Object state) {
        return Step.of(state, input);
      }
    };
    assertThat(l.start("x", bad)).isInstanceOfSatisfying(Reply.Crashed.class,
        c -> assertThat(c.reason()).contains("no config"));
    assertThat(l.status("x")).isNull();
    assertThat(l.start("x", new Counter()).isOk()).isTrue();
  }

  @Test
  void stepStop_runsTerminateAndTellsListener() {
    List<String> events = new CopyOnWriteArrayList<>();
    GenServer<String, String, String> once = new GenServer<>() {
      @Override
      public String init() {
        return "s";
      }

      @Override
      public Step<String, String> step(String input, String state) {
        return Step.stop(state, "bye", ExitReason.NORMAL);
      }

      @Override
      public void terminate(ExitReason reason, String state) {
        events.add("terminate:" + reason);
      }
    };
    EventLoop l = loop(b -> b);
    l.startAsync("o", once, (n, r, rep) -> events.add("exit:" + r))
        .await(ServerHost.deadline(Duration.ofSeconds(5)), IdleStrategy.DEFAULT);
    assertThat(l.call("o", "x").orThrow()).isEqualTo("bye");
    assertThat(events).containsExactly("terminate:normal", "exit:normal");
  }

  @Test
  void inboxFull_castAndCallFailAtOnceWithOverloaded() throws Exception {
    EventLoop l = loop(b -> b.inboxCapacity(4));
    TestServers.Gate gate = new TestServers.Gate();
    l.start("g", gate);
    l.start("e", new TestServers.Echo());
    assertThat(l.cast("g", "block").isOk()).isTrue();
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 4; i++) {
      assertThat(l.cast("e", i).isOk()).as("cast %d", i).isTrue();
    }
    assertThat(l.cast("e", "one too many")).isInstanceOf(Reply.Overloaded.class);
    assertThat(l.call("e", "x", Duration.ofSeconds(5))).isInstanceOf(Reply.Overloaded.class);
    assertThat(l.stats().overloads()).isEqualTo(2);
    gate.release.countDown();
    assertThat(l.callAsync("e", "after", Duration.ofSeconds(5), Backpressure.WAIT)
        .await(ServerHost.deadline(Duration.ofSeconds(5)), IdleStrategy.DEFAULT).orThrow())
        .isEqualTo("after");
  }

  @Test
  void inboxFull_backpressureWait_waitsForRoomThenSucceeds() throws Exception {
    EventLoop l = loop(b -> b.inboxCapacity(2));
    TestServers.Gate gate = new TestServers.Gate();
    l.start("g", gate);
    l.start("e", new TestServers.Echo());
    l.cast("g", "block");
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    l.cast("e", 1);
    l.cast("e", 2);
    Promise<Object> waited = new Promise<>();
    Thread sender = new Thread(() -> waited.complete(
        l.callAsync("e", "w", Duration.ofSeconds(20), Backpressure.WAIT)
            .await(ServerHost.deadline(Duration.ofSeconds(20)), IdleStrategy.DEFAULT)));
    sender.start();
    Await.until("the sender waits for room", Duration.ofSeconds(10),
        () -> sender.getState() == Thread.State.TIMED_WAITING);
    assertThat(waited.isDone()).isFalse();
    assertThat(l.call("e", "x", Duration.ofSeconds(1))).isInstanceOf(Reply.Overloaded.class);
    gate.release.countDown();
    sender.join();
    assertThat(waited.peek().orThrow()).isEqualTo("w");
  }

  @Test
  void callDeadline_passes_timeoutAndLateReplyDropped() throws Exception {
    EventLoop l = loop(b -> b);
    TestServers.Gate gate = new TestServers.Gate();
    l.start("g", gate);
    Promise<Object> p = l.callAsync("g", "slow", Duration.ofMillis(50), Backpressure.FAIL);
    Reply<Object> r = p.await(ServerHost.deadline(Duration.ofMillis(50)), IdleStrategy.DEFAULT);
    assertThat(r).isInstanceOf(Reply.Timeout.class);
    gate.release.countDown();
    // the step still ran; its late reply lost the race and was dropped
    assertThat(l.call("g", "next", Duration.ofSeconds(5)).orThrow()).isEqualTo("through:next");
    assertThat(p.peek()).isInstanceOf(Reply.Timeout.class);
  }

  @Test
  void callQueuedPastItsDeadline_isNotStepped() throws Exception {
    EventLoop l = loop(b -> b);
    TestServers.Gate gate = new TestServers.Gate();
    l.start("g", gate);
    l.start("r", new TestServers.Recorder());
    l.cast("g", "block");
    assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    Promise<Object> late = l.callAsync("r", "late", Duration.ofMillis(1), Backpressure.FAIL);
    assertThat(late.await(ServerHost.deadline(Duration.ofSeconds(5)), IdleStrategy.DEFAULT))
        .isInstanceOf(Reply.Timeout.class);
    gate.release.countDown();
    assertThat(l.call("r", "fresh").orThrow()).isEqualTo(1);
    assertThat(recorded(l, "r")).containsExactly("fresh");
  }

  @Test
  void timers_fireInDeadlineOrderUnderManualClock() {
    ManualClock clock = new ManualClock();
    EventLoop l = loop(b -> b.clock(clock));
    l.start("r", new TestServers.Recorder());
    l.sendAfter(Duration.ofSeconds(3), "r", "t3");
    l.sendAfter(Duration.ofSeconds(1), "r", "t1");
    Timer cancelled = l.sendAfter(Duration.ofSeconds(2), "r", "cancelled");
    l.sendAfter(Duration.ofSeconds(2), "r", "t2");
    assertThat(cancelled.cancel()).isTrue();
    l.call("r", "now");
    assertThat(recorded(l, "r")).containsExactly("now");
    clock.advance(Duration.ofMillis(1500));
    awaitSize(l, "r", 2);
    assertThat(recorded(l, "r")).containsExactly("now", "t1");
    clock.advance(Duration.ofSeconds(5));
    awaitSize(l, "r", 4);
    assertThat(recorded(l, "r")).containsExactly("now", "t1", "t2", "t3");
  }

  @Test
  void cancelledTimers_doNotCountAgainstTheTimerBound() {
    ManualClock clock = new ManualClock();
    EventLoop l = loop(b -> b.clock(clock).timerCapacity(3));
    l.start("r", new TestServers.Recorder());
    for (int i = 0; i < 20; i++) {
      l.sendAfter(Duration.ofSeconds(1), "r", "cancelled-" + i).cancel();
      l.call("r", TestServers.PEEK); // let the loop see and drop the cancelled timer
    }
    l.sendAfter(Duration.ofSeconds(1), "r", "live");
    clock.advance(Duration.ofSeconds(2));
    awaitSize(l, "r", 1);
    assertThat(recorded(l, "r")).containsExactly("live");
  }

  @Test
  void loopStop_refusesNewWorkAndTerminatesServers() {
    List<String> terminated = new CopyOnWriteArrayList<>();
    EventLoop l = loop(b -> b);
    l.start("a", new GenServer<Object, Object, Object>() {
      @Override
      public Object init() {
        return "s";
      }

      @Override
      public Step<Object, Object> step(Object input, Object state) {
        return Step.of(state, input);
      }

      @Override
      public void terminate(ExitReason reason, Object state) {
        terminated.add(String.valueOf(reason));
      }
    });
    assertThat(l.stop(Duration.ofSeconds(10))).isTrue();
    assertThat(terminated).containsExactly("shutdown");
    assertThat(l.cast("a", "x")).isInstanceOf(Reply.NotFound.class);
    assertThat(l.start("b", new Counter())).isInstanceOf(Reply.Unavailable.class);
  }

  @Test
  void group_placesByNameHash_andServesEveryName() {
    try (EventLoopGroup g = EventLoopGroup.start("g", 3, b -> b)) {
      for (int i = 0; i < 30; i++) {
        assertThat(g.start("c" + i, new Counter()).isOk()).isTrue();
      }
      assertThat(g.serverCount()).isEqualTo(30);
      assertThat(g.loops()).allSatisfy(lp -> assertThat(lp.serverCount()).isPositive());
      for (int i = 0; i < 30; i++) {
        assertThat(g.loopOf("c" + i).status("c" + i)).isEqualTo(ServerStatus.RUNNING);
        assertThat(g.call("c" + i, Counter.Input.READ).orThrow())
            .isEqualTo(new Counter.Value(0));
      }
      assertThat(g.stop(Duration.ofSeconds(10))).isTrue();
      assertThat(g.call("c1", Counter.Input.READ)).isInstanceOf(Reply.NotFound.class);
    }
  }

  @Test
  void builder_badSettings_failFast() {
    assertThatThrownBy(() -> EventLoop.builder("x").inboxCapacity(0))
        .hasMessageContaining("inbox capacity");
  }

  @SuppressWarnings("unchecked")
  static List<Object> recorded(ServerHost host, String name) {
    return (List<Object>) host.call(name, TestServers.PEEK).orThrow();
  }

  static void awaitSize(ServerHost host, String name, int n) {
    Await.until(name + " recorded " + n + " inputs", Duration.ofSeconds(10),
        () -> recorded(host, name).size() >= n);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
