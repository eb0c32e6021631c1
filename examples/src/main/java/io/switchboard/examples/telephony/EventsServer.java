package io.switchboard.examples.telephony;

import io.switchboard.supervisor.Codec;
import io.switchboard.supervisor.DecodeException;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Step;
import io.switchboard.supervisor.event.GenEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code events} name on a host: a small server in front of the {@link GenEvent} manager so
 * the node can reach it like any server. Inputs (UTF-8 text): {@code stats} → the metrics
 * handler's counts ({@code attempts=.. busy=.. no_answer=.. setups=.. teardowns=.. active=..}),
 * {@code handlers} → the attached handlers, comma-separated and sorted. It only reads
 * thread-safe counters, so it never waits for the manager.
 */
final class EventsServer implements GenServer<String, Integer, String> {
  private final GenEvent<CallEvent> manager;
  private final CallMetrics metrics;

  EventsServer(GenEvent<CallEvent> manager, CallMetrics metrics) {
    this.manager = manager;
    this.metrics = metrics;
  }

  @Override
  public Integer init() {
    return 0;
  }

  @Override
  public Step<Integer, String> step(String input, Integer state) {
    String out = input.equals("stats")
        ? metrics.snapshot().text()
        : String.join(",", new TreeSet<>(manager.handlers()));
    return Step.of(state, out);
  }

  @Override
  public Codec<String, String> codec() {
    return new Codec<>() {
      @Override
      public String decode(byte[] bytes) throws DecodeException {
        String text = new String(bytes, StandardCharsets.UTF_8).trim();
        if (!List.of("stats", "handlers").contains(text)) {
          throw new DecodeException("events takes stats or handlers");
        }
        return text;
      }

      @Override
      public byte[] encode(String output) {
        return output.getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  @Override
  public String kind() {
    return "events";
  }
}
