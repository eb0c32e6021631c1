package io.switchboard.node.server;

import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Router;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The node's router as its applications see it ({@code AppContext.router()}): applications start
 * before the cluster binding exists (their templates must be known when it is made), so this
 * router asks for the binding's router at each use; before there is one, calls and casts fail
 * with {@code Unavailable} ("node is starting"). Thread-safe, never blocks.
 */
final class NodeRouter implements Router {
  private final Supplier<@Nullable Router> current;

  NodeRouter(Supplier<@Nullable Router> current) {
    this.current = current;
  }

  @Override
  public Route route(String name) {
    Router r = current.get();
    return r != null ? r.route(name) : new Route() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String kind() {
        return "unknown";
      }

      @Override
      public Promise<byte[]> call(byte[] payload, Deadline deadline) {
        return Promise.completed(starting());
      }

      @Override
      public Promise<Void> cast(byte[] payload, Deadline deadline) {
        return Promise.completed(starting());
      }
    };
  }

  @Override
  public Reply<Location> whereIs(String name) {
    Router r = current.get();
    return r != null ? r.whereIs(name) : starting();
  }

  @Override
  public Promise<Void> kill(String name, ExitReason reason) {
    Router r = current.get();
    return r != null ? r.kill(name, reason) : Promise.completed(starting());
  }

  private static <T> Reply<T> starting() {
    return new Reply.Unavailable<>("node is starting");
  }
}
