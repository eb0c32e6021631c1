package io.switchboard.cluster.routing;

import io.switchboard.examples.Counter;
import io.switchboard.supervisor.Adopted;
import io.switchboard.supervisor.Durability;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Router;
import io.switchboard.supervisor.Template;
import io.switchboard.supervisor.Templates;
import java.util.Optional;

/** A node's servers for tests: {@code counter-*} names are seed counters on local loops. */
final class CounterServers {
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
    Templates templates = name -> counters.matches(name) ? Optional.of(counters)
        : Optional.empty();
    this.local = new LocalServers(loops, templates, new Router.Location(node, "in-test"));
  }
}
