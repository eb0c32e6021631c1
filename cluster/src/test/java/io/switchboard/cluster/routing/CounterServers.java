package io.switchboard.cluster.routing;

import io.switchboard.examples.Counter;
import io.switchboard.supervisor.Adopted;
import io.switchboard.supervisor.Backpressure;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import java.time.Duration;

/** {@link LocalServers} for tests: {@code counter-*} names are seed counters on local loops. */
final class CounterServers implements LocalServers {
  final EventLoopGroup loops;

  CounterServers(String node) {
    this.loops = EventLoopGroup.start(node + "-loop", 2, b -> b);
  }

  @Override
  public boolean isClusterScoped(String name) {
    return name.startsWith("counter-");
  }

  @Override
  public String kindOf(String name) {
    return isClusterScoped(name) ? "counter" : "unknown";
  }

  @Override
  public Promise<Void> activate(String name, byte[] state) {
    if (loops.status(name) != null) {
      return Promise.completed(Reply.ok(null));
    }
    Promise<Void> out = new Promise<>();
    loops.startAsync(name, Adopted.from(new Counter(), state), null).onComplete(r ->
        out.complete(r instanceof Reply.InvalidInput<Void> ? Reply.ok(null) : r));
    return out;
  }

  @Override
  public Promise<byte[]> call(String name, byte[] payload, long deadlineNanos) {
    return loops.callBytesAsync(name, payload,
        Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())), Backpressure.FAIL);
  }

  @Override
  public Promise<Void> cast(String name, byte[] payload) {
    return Promise.completed(loops.castBytes(name, payload));
  }

  @Override
  public Promise<byte[]> release(String name, ExitReason reason) {
    return loops.handOffAsync(name, reason);
  }
}
