package io.switchboard.cluster.routing;

import io.switchboard.examples.Counter;
import io.switchboard.supervisor.Adopted;
import io.switchboard.supervisor.Codec;
import io.switchboard.supervisor.From;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Step;
import io.switchboard.supervisor.Durability;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Router;
import io.switchboard.supervisor.Template;
import io.switchboard.supervisor.Templates;
import java.util.List;
import java.util.Optional;

/**
 * A node's servers for tests: {@code counter-*} names are seed counters (REPLICATED), {@code
 * gate-*} names are {@link Gate}s (NONE, deferred replies), on local loops.
 */
final class CounterServers {
  /**
   * {@code wait} is answered later, when {@code open} comes, with how many callers were waiting
   * ({@code opened for N}); {@code open} answers {@code released N}.
   */
  static final class Gate implements GenServer<String, List<From>, String> {
    @Override
    public List<From> init() {
      return List.of();
    }

    @Override
    public Step<List<From>, String> step(String input, List<From> waiting) {
      if (input.equals("open")) {
        waiting.forEach(f -> f.reply("opened for " + waiting.size()));
        return Step.of(List.of(), "released " + waiting.size());
      }
      return Step.of(waiting, "waiting " + waiting.size());
    }

    @Override
    public Step<List<From>, String> stepCall(String input, From from, List<From> waiting) {
      if (input.equals("wait")) {
        List<From> next = new java.util.ArrayList<>(waiting);
        next.add(from);
        return Step.noReply(next);
      }
      return step(input, waiting);
    }

    @Override
    public Codec<String, String> codec() {
      return new Codec<>() {
        @Override
        public String decode(byte[] bytes) {
          return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public byte[] encode(String output) {
          return output.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
      };
    }
  }

  final EventLoopGroup loops;
  final LocalServers local;

  CounterServers(String node) {
    this.loops = EventLoopGroup.start(node + "-loop", 2, b -> b);
    Template counters = new Template() {
      @Override
      public String kind() {
        return "counter";
      }

      @Override
      public Durability durability() {
        return Durability.REPLICATED;
      }

      @Override
      public boolean matches(String name) {
        return name.startsWith("counter-");
      }

      @Override
      public Promise<Void> start(String name) {
        return loops.startAsync(name, new Counter(), null);
      }

      @Override
      public Promise<Void> start(String name, byte[] state) {
        return loops.startAsync(name, Adopted.from(new Counter(), state), null);
      }

      @Override
      public Promise<byte[]> release(String name, ExitReason reason) {
        return loops.handOffAsync(name, reason);
      }
    };
    Template gates = new Template() {
      @Override
      public String kind() {
        return "gate";
      }

      @Override
      public boolean matches(String name) {
        return name.startsWith("gate-");
      }

      @Override
      public Promise<Void> start(String name) {
        return loops.startAsync(name, new Gate(), null);
      }

      @Override
      public Promise<byte[]> release(String name, ExitReason reason) {
        return loops.handOffAsync(name, reason);
      }
    };
    Templates templates = name -> counters.matches(name) ? Optional.of(counters)
        : gates.matches(name) ? Optional.of(gates) : Optional.empty();
    this.local = new LocalServers(loops, templates, new Router.Location(node, "in-test"));
  }
}
