package io.switchboard.examples.telephony;

import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.statem.StatemRun;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pure, deterministic telephone exchange for tests: lines run in {@link StatemRun}s, every
 * signal waits in a FIFO channel per (sender, receiver) pair until the test delivers it, as an
 * event loop's inbox keeps one sender's casts in order. Events for the manager are collected.
 */
final class SimulatedExchange {
  static final Line.Config CONFIG = new Line.Config(Duration.ofSeconds(30), Duration.ofSeconds(5));

  private final Map<String, StatemRun<LineState, LineData, LineEvent, String>> lines =
      new LinkedHashMap<>();
  private final Map<List<String>, ArrayDeque<LineEvent>> channels = new LinkedHashMap<>();
  final List<CallEvent> events = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong();

  SimulatedExchange(String... names) {
    for (String n : names) {
      lines.put(n, StatemRun.start(new Line(n, CONFIG, ids::incrementAndGet)));
    }
  }

  List<String> names() {
    return List.copyOf(lines.keySet());
  }

  StatemRun<LineState, LineData, LineEvent, String> line(String name) {
    return lines.get(name);
  }

  /** A user input as a call; signals it causes wait in their channels. */
  Promise<String> input(String line, LineEvent.Input in) {
    Promise<String> p = lines.get(line).callAsync(in);
    collect(line);
    return p;
  }

  /** {@link #input}, then delivers everything; returns the reply. */
  String say(String line, LineEvent.Input in) {
    Promise<String> p = input(line, in);
    settle();
    Reply<String> r = p.peek();
    return r == null ? "(no reply)" : r.orThrow();
  }

  String state(String line) {
    return say(line, LineEvent.STATE);
  }

  /** Delivers the oldest signal of the {@code index}-th non-empty channel; false if none. */
  boolean deliver(int index) {
    List<List<String>> busy = channels.entrySet().stream().filter(e -> !e.getValue().isEmpty())
        .map(Map.Entry::getKey).toList();
    if (busy.isEmpty()) {
      return false;
    }
    List<String> key = busy.get(Math.floorMod(index, busy.size()));
    LineEvent signal = channels.get(key).poll();
    lines.get(key.get(1)).cast(signal);
    collect(key.get(1));
    return true;
  }

  /** Delivers until every channel is empty (bounded). */
  void settle() {
    for (int i = 0; i < 100_000; i++) {
      if (!deliver(0)) {
        return;
      }
    }
    throw new IllegalStateException("signals never settle");
  }

  /** Moves every line's clock forward (one line at a time), delivering nothing. */
  void advance(Duration by) {
    for (String n : lines.keySet()) {
      lines.get(n).advance(by);
      collect(n);
    }
  }

  private void collect(String from) {
    for (StatemRun.Sent s : lines.get(from).takeSent()) {
      if (s.to().equals(Line.EVENTS)) {
        events.add((CallEvent) s.message());
      } else {
        channels.computeIfAbsent(List.of(from, s.to()), k -> new ArrayDeque<>())
            .add((LineEvent) s.message());
      }
    }
  }
}
