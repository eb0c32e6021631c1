package io.switchboard.supervisor;

import static io.switchboard.supervisor.SupervisorFixtures.probe;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.SupervisorFixtures.Journal;
import io.switchboard.supervisor.SupervisorFixtures.Probe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** start_child, terminate_child, restart_child, delete_child, which/count_children. */
@Timeout(30)
class SupervisorDynamicTest {
  private final Journal j = new Journal();
  private EventLoopGroup loops;

  @BeforeEach
  void start() {
    loops = EventLoopGroup.start("dyn", 2, b -> b);
  }

  @AfterEach
  void stop() {
    loops.close();
  }

  private static String error(Reply<?> r) {
    return ((Reply.Failure<?>) r).message();
  }

  private List<String> ids(Supervisor s) {
    return s.whichChildren().orThrow().stream().map(ChildInfo::id).toList();
  }

  @Test
  void dynamicApi_staticSupervisor_followsOtp() {
    Supervisor sup = Supervisor.builder("dyn", loops, SupervisorSpec.oneForOne(probe("a", j)))
        .build();
    assertThat(sup.start().isOk()).isTrue();

    assertThat(sup.startChild(probe("b", j)).isOk()).isTrue();
    assertThat(loops.status("b")).isEqualTo(ServerStatus.RUNNING);
    assertThat(ids(sup)).containsExactly("a", "b");
    assertThat(sup.startChild(probe("b", j))).isEqualTo(new Reply.AlreadyStarted<>("b"));

    assertThat(sup.terminateChild("b").isOk()).isTrue();
    assertThat(loops.status("b")).isNull();
    assertThat(sup.whichChildren().orThrow().get(1).status()).isEqualTo(ChildStatus.STOPPED);
    assertThat(error(sup.startChild(probe("b", j)))).isEqualTo("already_present");

    assertThat(sup.restartChild("b").isOk()).isTrue();
    assertThat(loops.status("b")).isEqualTo(ServerStatus.RUNNING);
    assertThat(j.inits("b")).isEqualTo(2);
    assertThat(error(sup.restartChild("b"))).isEqualTo("running");
    assertThat(error(sup.deleteChild("b"))).isEqualTo("running");

    assertThat(sup.terminateChild("b").isOk()).isTrue();
    assertThat(sup.deleteChild("b").isOk()).isTrue();
    assertThat(ids(sup)).containsExactly("a");
    assertThat(sup.countChildren().orThrow()).isEqualTo(new ChildCounts(1, 1, 0, 1));

    assertThat(sup.terminateChild("nope")).isEqualTo(new Reply.NotFound<>("nope"));
    assertThat(sup.restartChild("nope")).isEqualTo(new Reply.NotFound<>("nope"));
    assertThat(sup.deleteChild("nope")).isEqualTo(new Reply.NotFound<>("nope"));
    assertThat(sup.startChild("x")).isInstanceOf(Reply.InvalidInput.class);
    sup.stop();
  }

  @Test
  void dynamicApi_temporarySupervisorAndFailingChildren_specsFollowOtp() {
    Supervisor sup = Supervisor.builder("dyn2", loops, SupervisorSpec.oneForOne(probe("a", j)))
        .build();
    assertThat(sup.start().isOk()).isTrue();

    assertThat(sup.startChild(probe("t", j).withRestart(Restart.TEMPORARY)).isOk()).isTrue();
    assertThat(sup.terminateChild("t").isOk()).isTrue();
    assertThat(ids(sup)).containsExactly("a"); // a terminated temporary child is forgotten

    assertThat(sup.startChild(ChildSpec.supervisor("s", SupervisorSpec.oneForOne(
        probe("s1", j)))).isOk()).isTrue();
    assertThat(loops.status("s1")).isEqualTo(ServerStatus.RUNNING);
    assertThat(sup.countChildren().orThrow()).isEqualTo(new ChildCounts(2, 2, 1, 1));

    Probe bad = new Probe("bad", j);
    bad.failInit = true;
    Reply<Void> r = sup.startChild(ChildSpec.worker("bad", () -> bad));
    assertThat(r).isInstanceOf(Reply.Crashed.class);
    assertThat(ids(sup)).containsExactly("a", "s"); // the failed spec is discarded
    sup.stop();
    assertThat(sup.startChild(probe("late", j))).isInstanceOf(Reply.Unavailable.class);
  }

  @Test
  void dynamicApi_simpleOneForOne_childrenByName() {
    Supervisor sup = Supervisor.builder("counters", loops, SupervisorSpec.simpleOneForOne(
        ChildSpec.template("counter", name -> new Counter()))).build();
    assertThat(sup.start().isOk()).isTrue();

    assertThat(sup.startChild("counter-1").isOk()).isTrue();
    assertThat(sup.startChild("counter-1")).isEqualTo(new Reply.AlreadyStarted<>("counter-1"));
    assertThat(loops.call("counter-1", Counter.Input.INCREMENT)).isEqualTo(Reply.ok(Counter.ACK));
    assertThat(sup.countChildren().orThrow()).isEqualTo(new ChildCounts(1, 1, 0, 1));
    assertThat(sup.restartChild("counter-1")).isInstanceOf(Reply.InvalidInput.class);
    assertThat(sup.deleteChild("counter-1")).isInstanceOf(Reply.InvalidInput.class);
    assertThat(sup.startChild(probe("x", j))).isInstanceOf(Reply.InvalidInput.class);

    assertThat(sup.terminateChild("counter-1").isOk()).isTrue();
    assertThat(sup.whichChildren().orThrow()).isEmpty();
    assertThat(loops.status("counter-1")).isNull();
    sup.stop();
  }

  @Test
  void ensureChild_concurrentCallsForOneName_startOneServer() throws Exception {
    Supervisor sup = Supervisor.builder("ensure", loops, SupervisorSpec.simpleOneForOne(
        ChildSpec.template("p", name -> new Probe(name, j)))).build();
    assertThat(sup.start().isOk()).isTrue();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int n = 0; n < 50; n++) {
        String name = "c-" + n;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply<Void>>> calls = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          calls.add(pool.submit(() -> {
            go.await();
            return sup.ensureChild(name);
          }));
        }
        go.countDown();
        for (Future<Reply<Void>> f : calls) {
          assertThat(f.get(5, TimeUnit.SECONDS).isOk()).isTrue();
        }
        assertThat(loops.call(name, "x").isOk()).isTrue();
        assertThat(j.inits(name)).as(name).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(sup.countChildren().orThrow().active()).isEqualTo(50);
    sup.stop();
  }

  @Test
  void ensureChild_requestsQueuedBehindABusyDecision_startOneServer() throws Exception {
    CountDownLatch inListener = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Supervisor sup = Supervisor.builder("queued", loops, SupervisorSpec.simpleOneForOne(
            ChildSpec.template("p", name -> new Probe(name, j))))
        .listener(new SupervisorListener() {
          @Override
          public void childStarted(String supervisor, String child) {
            if (child.equals("blocker")) { // holds the supervisor's decision thread (test only)
              inListener.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        })
        .build();
    assertThat(sup.start().isOk()).isTrue();
    Promise<Void> blocker = sup.startChildAsync("blocker");
    assertThat(inListener.await(5, TimeUnit.SECONDS)).isTrue();

    List<Promise<Void>> ensures = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ensures.add(sup.ensureChildAsync("c-q")); // all miss the lock-free check and queue up
    }
    release.countDown();

    for (Promise<Void> p : ensures) {
      assertThat(p.await(ServerHost.deadline(java.time.Duration.ofSeconds(5)),
          IdleStrategy.DEFAULT)).isEqualTo(Reply.ok(null));
    }
    assertThat(blocker.await(ServerHost.deadline(java.time.Duration.ofSeconds(5)),
        IdleStrategy.DEFAULT).isOk()).isTrue();
    assertThat(loops.call("c-q", "x").isOk()).isTrue();
    assertThat(j.inits("c-q")).isEqualTo(1);
    sup.stop();
  }

  @Test
  void childSupervisor_nestedSimple_reachableByIdAndUsable() {
    Supervisor root = Supervisor.builder("app", loops, SupervisorSpec.oneForOne(
        ChildSpec.supervisor("counters", SupervisorSpec.simpleOneForOne(
            ChildSpec.template("counter", name -> new Counter()))))).build();
    assertThat(root.start().isOk()).isTrue();

    Supervisor counters = root.childSupervisor("counters").orThrow();
    assertThat(counters.path()).isEqualTo("app/counters");
    assertThat(counters.ensureChild("counter-9").isOk()).isTrue();
    assertThat(loops.call("counter-9", Counter.Input.READ))
        .isEqualTo(Reply.ok(new Counter.Value(0)));
    assertThat(root.childSupervisor("nope")).isEqualTo(new Reply.NotFound<>("nope"));
    root.stop();
    assertThat(loops.status("counter-9")).isNull();
  }
}
