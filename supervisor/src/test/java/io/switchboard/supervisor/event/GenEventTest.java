package io.switchboard.supervisor.event;

import io.switchboard.testkit.Await;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.EventLoop;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GenEventTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final List<HandlerExit> crashes = new CopyOnWriteArrayList<>();
  private final List<GenEvent<String>> managers = new ArrayList<>();

  private GenEvent<String> manager(int ringSize) {
    GenEvent<String> m = GenEvent.builder("test-" + managers.size()).ringSize(ringSize)
        .onHandlerCrash(crashes::add).build();
    managers.add(m);
    return m;
  }

  @AfterEach
  void stop() {
    managers.forEach(GenEvent::close);
  }

  private static void await(Supplier<Boolean> cond) {
    Await.until("the condition", WAIT, cond::get);
  }

  @Test
  void notify_fourHandlersTwoPublishers_everyHandlerSeesEveryEventInOneOrder() throws Exception {
    GenEvent<String> m = manager(64);
    List<Recording> hs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Recording h = new Recording();
      hs.add(h);
      assertThat(m.addHandler("h" + i, h).isOk()).isTrue();
    }
    int n = 5_000;
    List<Thread> publishers = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      int id = p;
      Thread t = new Thread(() -> {
        for (int i = 0; i < n; i++) {
          m.notify("p" + id + "-" + i, WAIT).orThrow();
        }
      });
      publishers.add(t);
      t.start();
    }
    for (Thread t : publishers) {
      t.join(); // bounded by the class's @Timeout: on a loaded machine this may take a while
    }
    assertThat(m.syncNotify("end", WAIT).isOk()).isTrue();

    List<String> first = hs.get(0).events;
    assertThat(first).hasSize(2 * n + 1).endsWith("end");
    for (Recording h : hs) {
      assertThat(h.events).isEqualTo(first);
      for (int i = 0; i < first.size(); i++) {
        assertThat(h.identities.get(i)).as("no copying").isSameAs(hs.get(0).identities.get(i));
      }
    }
    for (String p : List.of("p0-", "p1-")) {
      List<Integer> seq = first.stream().filter(e -> e.startsWith(p))
          .map(e -> Integer.parseInt(e.substring(3))).toList();
      assertThat(seq).as("publisher order").isSorted().hasSize(n);
    }
  }

  @Test
  void handlerThrows_removedAndReported_othersContinue() {
    GenEvent<String> m = manager(16);
    Recording good = new Recording();
    Recording bad = Recording.poisonable();
    m.addHandler("good", good);
    m.addHandler("bad", bad);
    m.notify("a", WAIT);
    m.notify("poison", WAIT);
    await(() -> !m.handlers().contains("bad"));
    m.notify("b", WAIT);
    assertThat(m.syncNotify("c", WAIT).isOk()).isTrue();

    assertThat(good.events).containsExactly("a", "poison", "b", "c");
    assertThat(bad.events).containsExactly("a");
    assertThat(bad.terminated).singleElement().isInstanceOf(ExitReason.Crash.class);
    assertThat(m.handlers()).containsExactly("good");
    assertThat(crashes).singleElement().satisfies(x -> {
      assertThat(x.handler()).isEqualTo("bad");
      assertThat(x.event()).isEqualTo("poison");
    });
    assertThat(m.crashes()).isEqualTo(1);
  }

  @Test
  void supervisedHandler_crashesOrRemovedOrStopped_ownerToldEachReason() {
    GenEvent<String> m = manager(16);
    List<HandlerExit> told = new CopyOnWriteArrayList<>();
    m.addSupervisedHandler("crashy", Recording.poisonable(), told::add);
    m.addSupervisedHandler("removed", new Recording(), told::add);
    m.addSupervisedHandler("stopped", new Recording(), told::add);
    m.notify("poison", WAIT);
    await(() -> told.size() == 1);
    assertThat(m.removeHandler("removed", WAIT).isOk()).isTrue();
    assertThat(m.stop(WAIT)).isTrue();

    assertThat(told).extracting(HandlerExit::handler)
        .containsExactly("crashy", "removed", "stopped");
    assertThat(told.get(0).reason()).isInstanceOf(ExitReason.Crash.class);
    assertThat(told.get(1).reason()).isEqualTo(ExitReason.NORMAL);
    assertThat(told.get(2).reason()).isEqualTo(ExitReason.SHUTDOWN);
  }

  @Test
  void supervisedHandler_ownerIsServer_exitCastToItsInbox() {
    List<Object> inbox = new CopyOnWriteArrayList<>();
    try (EventLoop loop = EventLoop.builder("owner").start()) {
      loop.start("owner", new GenServer<Object, Integer, Object>() {
        @Override
        public Integer init() {
          return 0;
        }

        @Override
        public Step<Integer, Object> step(Object input, Integer state) {
          inbox.add(input);
          return Step.of(state + 1, null);
        }
      }).orThrow();
      GenEvent<String> m = manager(16);
      m.addSupervisedHandler("h", Recording.poisonable(), HandlerOwner.server(loop, "owner"));
      m.notify("poison", WAIT);
      await(() -> !inbox.isEmpty());
      assertThat(inbox).singleElement().isInstanceOfSatisfying(HandlerExit.class, x -> {
        assertThat(x.manager()).isEqualTo(m.name());
        assertThat(x.handler()).isEqualTo("h");
        assertThat(x.reason()).isInstanceOf(ExitReason.Crash.class);
      });
    }
  }

  @Test
  void removeHandler_busyHandler_handlesEarlierEventsFirst() throws Exception {
    GenEvent<String> m = manager(16);
    Recording h = Recording.blocking();
    m.addHandler("h", h);
    m.notify("block", WAIT);
    h.blocked.await(10, TimeUnit.SECONDS);
    for (int i = 0; i < 5; i++) {
      m.notify("e" + i, WAIT);
    }
    assertThat(m.removeHandler("h", Duration.ofMillis(20))).isInstanceOf(Reply.Timeout.class);
    h.release();
    await(() -> !h.terminated.isEmpty());
    m.syncNotify("after", WAIT);

    assertThat(h.events).containsExactly("block", "e0", "e1", "e2", "e3", "e4");
    assertThat(h.terminated).containsExactly(ExitReason.NORMAL);
    assertThat(h.endOfBatch.get(h.endOfBatch.size() - 1)).as("last event flushes").isTrue();
    assertThat(m.removeHandler("h", WAIT)).isInstanceOf(Reply.NotFound.class);
  }

  @Test
  void ringFull_tryNotifyOverloaded_notifyWaitsAndNothingLost() throws Exception {
    GenEvent<String> m = manager(4);
    Recording h = Recording.blocking();
    m.addHandler("slow", h);
    m.notify("block", WAIT).orThrow();
    h.blocked.await(10, TimeUnit.SECONDS);
    for (int i = 1; i <= 3; i++) {
      assertThat(m.tryNotify("e" + i).isOk()).isTrue();
    }
    assertThat(m.tryNotify("refused")).isInstanceOf(Reply.Overloaded.class);
    assertThat(m.notify("refused-too", Duration.ofMillis(30))).isInstanceOf(Reply.Overloaded.class);
    assertThat(m.overloads()).isEqualTo(2);

    List<Reply<Void>> waited = new CopyOnWriteArrayList<>();
    Thread waiter = new Thread(() -> waited.add(m.notify("e4", WAIT)));
    waiter.start();
    await(() -> waiter.getState() == Thread.State.TIMED_WAITING);
    assertThat(waited).isEmpty();
    h.release();
    waiter.join(WAIT.toMillis());
    assertThat(waited).containsExactly(Reply.ok(null));
    m.syncNotify("end", WAIT).orThrow();
    assertThat(h.events).containsExactly("block", "e1", "e2", "e3", "e4", "end");
  }

  @Test
  void syncNotify_handlerBusy_timesOutThenReturnsOnceHandled() throws Exception {
    GenEvent<String> m = manager(16);
    Recording fast = new Recording();
    Recording slow = Recording.blocking();
    m.addHandler("fast", fast);
    m.addHandler("slow", slow);
    m.notify("block", WAIT);
    slow.blocked.await(10, TimeUnit.SECONDS);
    assertThat(m.syncNotify("x", Duration.ofMillis(30))).isInstanceOf(Reply.Timeout.class);
    slow.release();
    assertThat(m.syncNotify("y", WAIT).isOk()).isTrue();
    assertThat(slow.events).containsExactly("block", "x", "y");
    assertThat(fast.events).containsExactly("block", "x", "y");
  }

  @Test
  void endOfBatch_eventsQueuedBehindSlowEvent_trueOnlyOnLastOfBatch() throws Exception {
    GenEvent<String> m = manager(32);
    Recording h = Recording.blocking();
    m.addHandler("h", h);
    m.notify("block", WAIT);
    h.blocked.await(10, TimeUnit.SECONDS);
    for (int i = 0; i < 9; i++) {
      m.notify("e" + i, WAIT);
    }
    h.release();
    await(() -> h.events.size() == 10);
    m.syncNotify("end", WAIT);
    // "block" was alone when taken; the nine queued behind it were then one batch
    assertThat(h.endOfBatch.get(0)).isTrue();
    assertThat(h.endOfBatch.subList(1, 9)).containsOnly(false);
    assertThat(h.endOfBatch.get(9)).as("last of the batch of nine").isTrue();
    assertThat(h.endOfBatch.get(10)).as("'end' was alone in its batch").isTrue();
  }

  @Test
  void addHandler_atRuntime_seesOnlyEventsAfterIt() {
    GenEvent<String> m = manager(16);
    Recording early = new Recording();
    m.addHandler("early", early);
    m.syncNotify("before", WAIT).orThrow();
    Recording late = new Recording();
    m.addHandler("late", late);
    m.syncNotify("after", WAIT).orThrow();
    assertThat(early.events).containsExactly("before", "after");
    assertThat(late.events).containsExactly("after");
  }

  @Test
  void addHandler_badCases_errorsAsValues() {
    GenEvent<String> m = GenEvent.builder("small").maxHandlers(1).build();
    managers.add(m);
    assertThat(m.addHandler("a", new Recording()).isOk()).isTrue();
    assertThat(m.addHandler("a", new Recording())).isInstanceOf(Reply.InvalidInput.class);
    assertThat(m.addHandler("b", new Recording())).isInstanceOf(Reply.Overloaded.class);
    assertThat(m.addHandler("", new Recording())).isInstanceOf(Reply.InvalidInput.class);
    m.removeHandler("a", WAIT).orThrow();
    GenEventHandler<String, Integer> failing = new GenEventHandler<>() {
      @Override
      public Integer init() {
        throw new IllegalStateException("no");
      }

      @Override
      public Integer handleEvent(String event, Integer state, boolean endOfBatch) {
        return state;
      }
    };
    assertThat(m.addHandler("c", failing)).isInstanceOf(Reply.Crashed.class);
    assertThat(m.handlers()).isEmpty();
  }

  @Test
  void stop_drainsThenRefuses() {
    GenEvent<String> m = manager(16);
    Recording h = new Recording();
    m.addHandler("h", h);
    for (int i = 0; i < 5; i++) {
      m.tryNotify("e" + i).orThrow();
    }
    assertThat(m.stop(WAIT)).isTrue();
    assertThat(h.events).containsExactly("e0", "e1", "e2", "e3", "e4");
    assertThat(h.terminated).containsExactly(ExitReason.SHUTDOWN);
    assertThat(m.tryNotify("late")).isInstanceOf(Reply.Unavailable.class);
    assertThat(m.addHandler("again", new Recording())).isInstanceOf(Reply.Unavailable.class);
  }
}
