package io.switchboard.supervisor.event;

import io.switchboard.supervisor.ExitReason;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A handler for tests: records every event with its endOfBatch flag; a {@link #poisonable()} one
 * throws on {@code "poison"}, a {@link #blocking()} one blocks on {@code "block"} until
 * {@link #release}d (bounded, 10 s). Others just record those two like any event.
 */
final class Recording implements GenEventHandler<String, Integer> {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<Object> identities = new CopyOnWriteArrayList<>();
  final List<Boolean> endOfBatch = new CopyOnWriteArrayList<>();
  final List<ExitReason> terminated = new CopyOnWriteArrayList<>();
  final CountDownLatch blocked = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final boolean poisonable;
  private final boolean blocking;

  Recording() {
    this(false, false);
  }

  private Recording(boolean poisonable, boolean blocking) {
    this.poisonable = poisonable;
    this.blocking = blocking;
  }

  static Recording poisonable() {
    return new Recording(true, false);
  }

  static Recording blocking() {
    return new Recording(false, true);
  }

  void release() {
    released.countDown();
  }

  @Override
  public Integer init() {
    return 0;
  }

  @Override
  public Integer handleEvent(String event, Integer count, boolean end) throws Exception {
    if (poisonable && event.equals("poison")) {
      throw new IllegalStateException("poisoned after " + count + " events");
    }
    if (blocking && event.equals("block")) {
      blocked.countDown();
      if (!released.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    }
    events.add(event);
    identities.add(event);
    endOfBatch.add(end);
    return count + 1;
  }

  @Override
  public void terminate(ExitReason reason, Integer count) {
    terminated.add(reason);
  }
}
