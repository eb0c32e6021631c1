package io.switchboard.node.app;

import io.switchboard.node.core.NodeRef;
import io.switchboard.node.core.Router;
import io.switchboard.supervisor.Backpressure;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.ServerStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes to this node's own event loops, starting servers on demand from the application's
 * templates: a call to {@code counter-7} that finds no server starts it, waits for its
 * {@code init}, then delivers the input. Concurrent first calls share one start.
 *
 * <p>This is the standalone router and the cluster's local delivery (a forwarded call ends
 * here on the owner). Thread-safe, never blocks; inbox full fails at once (no waiting), as the
 * node prefers a fast {@code RESOURCE_EXHAUSTED} to a queue of waiting callers.
 */
public final class LocalRouter implements Router {
  private final ServerHost host;
  private final NodeApp app;
  private final NodeRef self;
  /** Starts in progress; an entry lives from the first caller until its start completes. */
  private final ConcurrentHashMap<String, CompletableFuture<Reply<Void>>> starting =
      new ConcurrentHashMap<>();

  public LocalRouter(ServerHost host, NodeApp app, NodeRef self) {
    this.host = host;
    this.app = app;
    this.self = self;
  }

  @Override
  public Promise<byte[]> call(String name, byte[] payload, long deadlineNanos) {
    Promise<byte[]> first = host.callBytesAsync(name, payload, left(deadlineNanos),
        Backpressure.FAIL);
    Optional<Template> template = app.template(name);
    if (template.isEmpty()) {
      return first;
    }
    if (first.peek() instanceof Reply.Ok) {
      return first;
    }
    Promise<byte[]> out = new Promise<>();
    first.onComplete(reply -> {
      if (retryable(name, reply)) {
        startThenCall(name, payload, deadlineNanos, template.get(), out);
      } else {
        out.complete(reply);
      }
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

  private void startThenCall(String name, byte[] payload, long deadlineNanos, Template template,
      Promise<byte[]> out) {
    ensureStarted(name, template).thenAccept(started -> {
      if (started instanceof Reply.Failure<Void> f && !(f instanceof Reply.InvalidInput)) {
        out.complete(f.retype());
      } else {
        // Ok, or InvalidInput "exists": someone else started it first; either way call it
        host.callBytesAsync(name, payload, left(deadlineNanos), Backpressure.FAIL)
            .onComplete(out::complete);
      }
    });
  }

  @Override
  public Promise<Void> cast(String name, byte[] payload) {
    Reply<Void> first = host.castBytes(name, payload);
    Optional<Template> template = first instanceof Reply.NotFound
        ? app.template(name) : Optional.empty();
    if (template.isEmpty()) {
      return Promise.completed(first);
    }
    Promise<Void> out = new Promise<>();
    ensureStarted(name, template.get()).thenAccept(started -> {
      if (started instanceof Reply.Failure<Void> f && !(f instanceof Reply.InvalidInput)) {
        out.complete(f);
      } else {
        out.complete(host.castBytes(name, payload));
      }
    });
    return out;
  }

  @Override
  public Reply<NodeRef> whereIs(String name) {
    if (host.status(name) != null || app.template(name).isPresent()) {
      return Reply.ok(self);
    }
    return new Reply.NotFound<>(name);
  }

  @Override
  public String kindOf(String name) {
    return app.template(name).map(Template::kind).orElse("unknown");
  }

  private CompletableFuture<Reply<Void>> ensureStarted(String name, Template template) {
    CompletableFuture<Reply<Void>> start = starting.computeIfAbsent(name, n -> {
      CompletableFuture<Reply<Void>> f = new CompletableFuture<>();
      template.start(n).onComplete(f::complete);
      return f;
    });
    // registered outside computeIfAbsent: removing inside it would be a recursive update
    start.whenComplete((r, e) -> starting.remove(name, start));
    return start;
  }

  private static Duration left(long deadlineNanos) {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }
}
