package io.switchboard.supervisor.app;

import io.switchboard.testkit.Await;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.EventLoop;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerStatus;
import io.switchboard.supervisor.Step;
import io.switchboard.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ApplicationTest {
  private final EventLoop loop = EventLoop.builder("apps").start();
  private final List<String> journal = new CopyOnWriteArrayList<>();
  private final List<String> nodeStops = new CopyOnWriteArrayList<>();
  private final Applications apps = Applications.builder(loop).listener(new ApplicationListener() {
    @Override
    public void stopped(String app, StartType type, ExitReason reason, boolean onItsOwn) {
      journal.add((onItsOwn ? "exited:" : "stopped:") + app);
    }

    @Override
    public void nodeMustStop(String app, ExitReason reason) {
      nodeStops.add(app + ":" + reason);
    }
  }).build();

  @AfterEach
  void stop() {
    apps.close();
    loop.close();
  }

  /** The typed configuration of the test applications: which workers to run. */
  record Workers(List<String> names, int intensity) {}

  /** A server that records its start and stop in the journal. */
  private GenServer<Object, Integer, Object> probe(String name) {
    return new GenServer<>() {
      @Override
      public Integer init() {
        journal.add("init:" + name);
        return 0;
      }

      @Override
      public Step<Integer, Object> step(Object input, Integer state) {
        if (input.equals("crash")) {
          throw new IllegalStateException("crash on purpose");
        }
        return Step.of(state + 1, state + 1);
      }

      @Override
      public void terminate(ExitReason reason, Integer state) {
        journal.add("terminate:" + name);
      }
    };
  }

  private Application<Workers> app(String name, Workers cfg, String... deps) {
    return Application.builder(name, cfg).dependsOn(deps)
        .tree(c -> {
          SupervisorSpec spec = SupervisorSpec.oneForOne();
          for (String w : c.names()) {
            spec = spec.withChild(ChildSpec.worker(w, () -> probe(w)));
          }
          return spec.withIntensity(c.intensity(), Duration.ofSeconds(5));
        })
        .onStop(c -> journal.add("onStop:" + name))
        .build();
  }

  private static void await(BooleanSupplier cond) {
    Await.until("the condition", Duration.ofSeconds(10), cond);
  }

  @Test
  void startAll_dependencies_startedFirstAndStoppedInReverse() {
    apps.load(app("web", new Workers(List.of("web-1"), 1), "db"), StartType.PERMANENT);
    apps.load(app("db", new Workers(List.of("db-1", "db-2"), 1), "log"), StartType.PERMANENT);
    apps.load(app("log", new Workers(List.of("log-1"), 1)), StartType.PERMANENT);

    assertThat(apps.startAll().orThrow()).containsExactly("log", "db", "web");
    assertThat(journal).containsExactly("init:log-1", "init:db-1", "init:db-2", "init:web-1");
    assertThat(apps.running()).containsExactly("log", "db", "web");
    assertThat(loop.status("db-2")).isEqualTo(ServerStatus.RUNNING);

    journal.clear();
    apps.stopAll();
    assertThat(journal).containsExactly(
        "terminate:web-1", "onStop:web", "stopped:web",
        "terminate:db-2", "terminate:db-1", "onStop:db", "stopped:db",
        "terminate:log-1", "onStop:log", "stopped:log");
    assertThat(nodeStops).isEmpty();
  }

  @Test
  void start_one_startsOnlyWhatItNeeds() {
    apps.load(app("a", new Workers(List.of("a-1"), 1), "b"), StartType.TEMPORARY);
    apps.load(app("b", new Workers(List.of("b-1"), 1)), StartType.TEMPORARY);
    apps.load(app("c", new Workers(List.of("c-1"), 1)), StartType.TEMPORARY);
    assertThat(apps.start("a").orThrow()).containsExactly("b", "a");
    assertThat(apps.start("a").orThrow()).as("already running").isEmpty();
    assertThat(apps.running()).containsExactly("b", "a");
    assertThat(apps.start("nope")).isInstanceOf(Reply.NotFound.class);
  }

  @Test
  void startAll_cycle_clearErrorAndNothingStarted() {
    apps.load(app("a", new Workers(List.of("a-1"), 1), "b"), StartType.PERMANENT);
    apps.load(app("b", new Workers(List.of("b-1"), 1), "a"), StartType.PERMANENT);
    Reply<List<String>> r = apps.startAll();
    assertThat(r).isInstanceOf(Reply.InvalidInput.class);
    assertThat(((Reply.InvalidInput<List<String>>) r).message())
        .isEqualTo("application dependency cycle: a -> b -> a");
    assertThat(apps.running()).isEmpty();
    assertThat(journal).isEmpty();
  }

  @Test
  void startAll_missingDependency_clearError() {
    apps.load(app("web", new Workers(List.of("w"), 1), "db"), StartType.PERMANENT);
    Reply<List<String>> r = apps.startAll();
    assertThat(((Reply.InvalidInput<List<String>>) r).message())
        .isEqualTo("application web depends on db, which is not loaded");
  }

  @Test
  void startAll_laterTreeFails_earlierOnesStoppedAgain() {
    apps.load(app("base", new Workers(List.of("base-1"), 1)), StartType.PERMANENT);
    apps.load(Application.builder("broken", 0).dependsOn("base")
        .tree(c -> SupervisorSpec.oneForOne(ChildSpec.worker("bad", () ->
            new GenServer<Object, Integer, Object>() {
              @Override
              public Integer init() {
                throw new IllegalStateException("no disk");
              }

              @Override
              public Step<Integer, Object> step(Object input, Integer state) {
                return Step.of(state, input);
              }
            }))).build(), StartType.PERMANENT);
    Reply<List<String>> r = apps.startAll();
    assertThat(r).isInstanceOf(Reply.Crashed.class);
    assertThat(apps.running()).isEmpty();
    assertThat(journal).containsExactly("init:base-1", "terminate:base-1", "onStop:base",
        "stopped:base");
    assertThat(nodeStops).as("a failed start is an error, not an exit").isEmpty();
  }

  @Test
  void permanentApp_treeGivesUp_othersStoppedAndNodeMustStop() {
    apps.load(app("base", new Workers(List.of("base-1"), 1)), StartType.PERMANENT);
    apps.load(app("fragile", new Workers(List.of("fragile-1"), 0), "base"),
        StartType.PERMANENT);
    apps.load(app("other", new Workers(List.of("other-1"), 1)), StartType.TEMPORARY);
    apps.startAll().orThrow();
    loop.cast("fragile-1", "crash");
    await(() -> !nodeStops.isEmpty());
    assertThat(nodeStops).containsExactly("fragile:shutdown");
    assertThat(apps.running()).isEmpty();
    assertThat(journal).containsSubsequence("exited:fragile", "stopped:other", "stopped:base");
  }

  @Test
  void transientApp_treeGivesUp_nodeMustStopBecauseShutdownIsNotNormal() {
    apps.load(app("t", new Workers(List.of("t-1"), 0)), StartType.TRANSIENT);
    apps.startAll().orThrow();
    loop.cast("t-1", "crash");
    await(() -> !nodeStops.isEmpty());
    assertThat(nodeStops).containsExactly("t:shutdown");
  }

  @Test
  void temporaryApp_treeGivesUp_reportedOthersKeepRunning() {
    apps.load(app("keep", new Workers(List.of("keep-1"), 1)), StartType.PERMANENT);
    apps.load(app("tmp", new Workers(List.of("tmp-1"), 0)), StartType.TEMPORARY);
    apps.startAll().orThrow();
    loop.cast("tmp-1", "crash");
    await(() -> journal.contains("exited:tmp"));
    assertThat(apps.running()).containsExactly("keep");
    assertThat(loop.status("keep-1")).isEqualTo(ServerStatus.RUNNING);
    assertThat(nodeStops).isEmpty();
  }

  @Test
  void stop_onRequest_neverStopsTheNode() {
    apps.load(app("p", new Workers(List.of("p-1"), 1)), StartType.PERMANENT);
    apps.startAll().orThrow();
    assertThat(apps.stop("p").isOk()).isTrue();
    assertThat(apps.stop("p")).isInstanceOf(Reply.NotFound.class);
    assertThat(nodeStops).isEmpty();
    assertThat(apps.start("p").orThrow()).as("can start again").containsExactly("p");
  }

  @Test
  void startTypes_exitPolicy_asOtp() {
    assertThat(StartType.PERMANENT.stopsNodeAfter(ExitReason.NORMAL)).isTrue();
    assertThat(StartType.TRANSIENT.stopsNodeAfter(ExitReason.NORMAL)).isFalse();
    assertThat(StartType.TRANSIENT.stopsNodeAfter(ExitReason.SHUTDOWN)).isTrue();
    assertThat(StartType.TEMPORARY.stopsNodeAfter(ExitReason.crash(new Error()))).isFalse();
  }

  @Test
  void withConfig_otherConfig_treeBuiltFromIt() {
    Application<Workers> base = app("cfg", new Workers(List.of("x-1"), 1));
    apps.load(base.withConfig(new Workers(List.of("y-1", "y-2"), 1)), StartType.TEMPORARY);
    apps.startAll().orThrow();
    assertThat(journal).containsExactly("init:y-1", "init:y-2");
    assertThat(loop.status("x-1")).isNull();
  }
}
