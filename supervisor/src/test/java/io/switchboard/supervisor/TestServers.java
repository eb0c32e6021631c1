package io.switchboard.supervisor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Small servers for loop tests. */
final class TestServers {
  private TestServers() {}

  /** Echoes its input; state counts steps. */
  static final class Echo implements GenServer<Object, Integer, Object> {
    @Override
    public Integer init() {
      return 0;
    }

    @Override
    public Step<Integer, Object> step(Object input, Integer state) {
      return Step.of(state + 1, input);
    }
  }

  /** Asks a {@link Recorder} for a copy of what it recorded, without being recorded. */
  static final Object PEEK = new Object() {
    @Override
    public String toString() {
      return "PEEK";
    }
  };

  /** Records every input; replies with the count, or a copy of the list for {@link #PEEK}. */
  static final class Recorder implements GenServer<Object, java.util.List<Object>, Object> {
    @Override
    public java.util.List<Object> init() {
      return new java.util.ArrayList<>();
    }

    @Override
    public Step<java.util.List<Object>, Object> step(Object input, java.util.List<Object> s) {
      if (input == PEEK) {
        return Step.of(s, java.util.List.copyOf(s));
      }
      s.add(input);
      return Step.of(s, s.size());
    }
  }

  /** Blocks its step until released: keeps a loop busy. */
  static final class Gate implements GenServer<Object, Integer, Object> {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public Integer init() {
      return 0;
    }

    @Override
    public Step<Integer, Object> step(Object input, Integer state) throws InterruptedException {
      entered.countDown();
      if (!release.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate never released");
      }
      return Step.of(state + 1, "through:" + input);
    }
  }
}
