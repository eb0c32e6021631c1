package io.switchboard.supervisor;

import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Routes to this node's own event loops, starting servers on demand from {@link Templates}: a
 * call to {@code counter-7} that finds no server starts it, waits for its {@code init}, then
 * delivers the input. Concurrent first calls share one start.
 *
 * <p>The standalone router, and the cluster's local delivery for names that are not
 * cluster-scoped (the cluster router resolves the template once and passes it in through
 * {@link #route(String, Template)}). Thread-safe, never blocks; an inbox that is
 * full fails at once ({@link Backpressure#FAIL}): a node prefers a fast {@code Overloaded} to a
 * queue of waiting callers.
 */
public final class LocalRouter implements Router {
  private final ServerHost host;
  private final Templates templates;
  private final Location self;
  /** Starts in progress; an entry lives from the first caller until its start completes. */
  private final ConcurrentHashMap<String, Promise<Void>> starting = new ConcurrentHashMap<>();

  public LocalRouter(ServerHost host, Templates templates, Location self) {
    this.host = host;
    this.templates = templates;
    this.self = self;
  }

  @Override
  public Route route(String name) {
    return route(name, templates.find(name).orElse(null));
  }

  /**
   * The route to {@code name} with its template already resolved ({@code null}: none), so a
   * router that looked it up does not look again.
   */
  public Route route(String name, @Nullable Template template) {
    return new Route() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String kind() {
        return template == null ? "unknown" : template.kind();
      }

      @Override
      public Promise<byte[]> call(byte[] payload, Deadline deadline) {
        return LocalRouter.this.call(name, template, payload, deadline);
      }

      @Override
      public Promise<Void> cast(byte[] payload, Deadline deadline) {
        return LocalRouter.this.cast(name, template, payload);
      }
    };
  }

  private Promise<byte[]> call(String name, Template template, byte[] payload,
      Deadline deadline) {
    Promise<byte[]> first = host.callBytesAsync(name, payload, deadline, Backpressure.FAIL);
    if (template == null || first.peek() instanceof Reply.Ok) {
      return first;
    }
    Promise<byte[]> out = new Promise<>();
    first.whenComplete(reply -> {
      if (!retryable(name, reply)) {
        out.complete(reply);
        return;
      }
      ensureStarted(name, template)
          .flatMap(started -> host.callBytesAsync(name, payload, deadline, Backpressure.FAIL))
          .whenComplete(out::complete);
    });
    return out;
  }

  /**
   * True when a call to a template name should start the server (or wait for its start) and be
   * tried once more: the server does not exist, or was removed after the call was queued (it
   * crashed unsupervised); or the call overtook a concurrent start (its {@code init} was still
   * queued). A second failure is final.
   */
  private boolean retryable(String name, Reply<?> reply) {
    if (reply instanceof Reply.NotFound) {
      return true;
    }
    return reply instanceof Reply.Unavailable
        && (starting.containsKey(name) || host.status(name) == ServerStatus.RUNNING);
  }

  private Promise<Void> cast(String name, Template template, byte[] payload) {
    Reply<Void> first = host.castBytes(name, payload);
    if (template == null || !(first instanceof Reply.NotFound)) {
      return Promise.completed(first);
    }
    return ensureStarted(name, template)
        .flatMap(started -> Promise.completed(host.castBytes(name, payload)));
  }

  @Override
  public Promise<Void> kill(String name, ExitReason reason) {
    return host.killAsync(name, reason);
  }

  @Override
  public Reply<Location> whereIs(String name) {
    if (host.status(name) != null || templates.find(name).isPresent()) {
      return Reply.ok(self);
    }
    return new Reply.NotFound<>(name);
  }

  /** Completes Ok once {@code name} runs (started here or by a concurrent caller). */
  private Promise<Void> ensureStarted(String name, Template template) {
    Promise<Void> start = starting.computeIfAbsent(name, n -> {
      Promise<Void> p = new Promise<>();
      template.start(n).whenComplete(r ->
          // AlreadyStarted: someone else started it first; it runs either way
          p.complete(r instanceof Reply.AlreadyStarted ? Reply.ok(null) : r));
      return p;
    });
    // registered outside computeIfAbsent: removing inside it would be a recursive update
    start.whenComplete(r -> starting.remove(name, start));
    return start;
  }
}
