package io.switchboard.supervisor;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Starts servers on demand for every name with a given prefix (OTP's {@code simple_one_for_one}
 * child spec, keyed by name): {@code counter-7} is started the first time it is called.
 * Implementations are thread-safe.
 */
public interface Template {

  /** The server kind this template starts, used in metrics and the tree (e.g. {@code counter}). */
  String kind();

  /**
   * True (the default) when the names this template starts are cluster-scoped: one owner in the
   * cluster, found by hashing, moved on view changes. False for node-local servers, which every
   * node runs for its own clients.
   */
  default boolean clusterScoped() {
    return true;
  }

  /**
   * How the state of the names this template starts survives a failover of a cluster node
   * ({@link Durability#NONE} by default). {@link Durability#REPLICATED} needs servers with a
   * {@link StateCodec}. Ignored for node-local templates and on a standalone node.
   */
  default Durability durability() {
    return Durability.NONE;
  }

  /** True when this template starts {@code name}. Pure. */
  boolean matches(String name);

  /**
   * Starts the server for {@code name}. Completes {@code Ok} once its {@code init} ran,
   * {@link Reply.AlreadyStarted} if the name is taken, {@code Crashed} if {@code init} failed, or
   * {@code Unavailable}/{@code Overloaded} if its loop cannot take it. Never blocks.
   */
  Promise<Void> start(String name);

  /**
   * Starts {@code name} from a handed-over state (its server's {@code StateCodec} decodes it in
   * place of {@code init}); {@code null} state is {@link #start(String)}. Templates whose servers
   * carry no state codec ignore the state.
   */
  default Promise<Void> start(String name, byte @Nullable [] state) {
    return start(name);
  }

  /**
   * A new, unstarted server for {@code name}, for a remote supervisor that asks this node to host
   * a child from this template ({@code StartChild}); empty when the template cannot be hosted for
   * a remote supervisor.
   */
  default Optional<GenServer<?, ?, ?>> newServer(String name) {
    return Optional.empty();
  }

  /**
   * {@link #newServer(String)} with the arguments the remote supervisor sent
   * ({@code RemoteChildren.child(id, template, args, placement)}); the default ignores them.
   * Override it for a template whose remote children take arguments.
   */
  default Optional<GenServer<?, ?, ?>> newServer(String name, byte[] args) {
    return newServer(name);
  }

  /**
   * Stops {@code name} so it can move to another node: its state is encoded (when its server
   * has a state codec), {@code terminate(reason)} runs, and its supervisor forgets it. Completes
   * with the encoded state, {@code Ok(null)} without a codec, {@code NotFound} if not running.
   */
  Promise<byte[]> release(String name, ExitReason reason);
}
