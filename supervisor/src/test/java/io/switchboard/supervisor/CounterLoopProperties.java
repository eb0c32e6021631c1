package io.switchboard.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/** Driving the counter through an EventLoop gives the same outputs as {@code Run.run}. */
class CounterLoopProperties {
  private static final EventLoop LOOP = EventLoop.builder("prop").onUnsupervisedCrash(r -> {})
      .start();
  private static int seq;

  @AfterContainer
  static void stop() {
    LOOP.close();
  }

  @Property(tries = 300)
  void loop_sameOutputsAsRun(@ForAll @Size(max = 40) List<Counter.Input> inputs) {
    String name = "c" + seq++;
    assertThat(LOOP.start(name, new Counter()).isOk()).isTrue();
    List<Object> viaLoop = new ArrayList<>();
    for (Counter.Input in : inputs) {
      Reply<Object> r = LOOP.call(name, in);
      if (!r.isOk()) {
        assertThat(r).isInstanceOf(Reply.Crashed.class);
        viaLoop.add("crash");
        break;
      }
      viaLoop.add(r.orThrow());
    }
    List<Object> viaRun = new ArrayList<>();
    RunResult<Long, Counter.Output> run = Run.run(new Counter(), inputs);
    if (run instanceof RunResult.Completed<Long, Counter.Output> c) {
      viaRun.addAll(c.outputs());
    } else if (run instanceof RunResult.Crashed<Long, Counter.Output> c) {
      viaRun.addAll(c.outputs());
      viaRun.add("crash");
    }
    assertThat(viaLoop).isEqualTo(viaRun);
    LOOP.stopAsync(name, ExitReason.SHUTDOWN);
  }
}
