package io.switchboard.cluster.remote;

import io.switchboard.examples.Counter;
import io.switchboard.supervisor.Codec;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Step;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What happened to the tracked counters of a test, across all its nodes, in order: {@code
 * start:child@node} when {@code init} ran, {@code stop:child@node:reason} when {@code terminate}
 * ran. Thread-safe.
 */
final class Trace {
  final List<String> events = new CopyOnWriteArrayList<>();

  /** The templates of node {@code node}: {@code counter} → a tracked seed counter. */
  RemoteTemplates templates(String node) {
    return (template, args, child) -> template.equals("counter")
        ? Optional.of(new Tracked(child, node)) : Optional.empty();
  }

  /** The index of the first event equal to {@code event}, or -1. */
  int indexOf(String event) {
    return events.indexOf(event);
  }

  long count(String prefix) {
    return events.stream().filter(e -> e.startsWith(prefix)).count();
  }

  /** The seed counter, recording its starts and stops in the trace. */
  private final class Tracked implements GenServer<Counter.Input, Long, Counter.Output> {
    private final Counter counter = new Counter();
    private final String child;
    private final String node;

    Tracked(String child, String node) {
      this.child = child;
      this.node = node;
    }

    @Override
    public Long init() throws Exception {
      events.add("start:" + child + "@" + node);
      return counter.init();
    }

    @Override
    public Step<Long, Counter.Output> step(Counter.Input input, Long state) {
      return counter.step(input, state);
    }

    @Override
    public void terminate(ExitReason reason, Long state) {
      events.add("stop:" + child + "@" + node + ":" + reason);
    }

    @Override
    public Codec<Counter.Input, Counter.Output> codec() {
      return counter.codec();
    }

    @Override
    public String kind() {
      return "counter";
    }
  }
}
