package io.switchboard.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many callers, many servers: per-server order kept, no reply lost or duplicated. */
class EventLoopStressTest {
  private static final int THREADS = 8;
  private static final int SERVERS = 16;
  private static final int CALLS_PER_THREAD = 5_000;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void manyCallers_perServerOrderKept_noReplyLostOrDuplicated() throws Exception {
    try (EventLoopGroup group = EventLoopGroup.start("stress", 2, b -> b.inboxCapacity(1024))) {
      for (int s = 0; s < SERVERS; s++) {
        assertThat(group.start("r" + s, new TestServers.Recorder()).isOk()).isTrue();
      }
      ConcurrentHashMap<String, AtomicInteger> replies = new ConcurrentHashMap<>();
      AtomicInteger failures = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Thread th = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < CALLS_PER_THREAD; i++) {
            String server = "r" + ((i + thread) % SERVERS);
            Reply<Object> r = group.callAsync(server, thread + ":" + i, Duration.ofSeconds(30),
                Backpressure.WAIT).await(ServerHost.deadline(Duration.ofSeconds(30)),
                IdleStrategy.DEFAULT);
            if (!r.isOk()) {
              failures.incrementAndGet();
              continue;
            }
            String key = server + "#" + r.orThrow();
            replies.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
          }
        });
        threads.add(th);
        th.start();
      }
      go.countDown();
      for (Thread th : threads) {
        th.join();
      }
      assertThat(failures).hasValue(0);
      // every reply is the recorder's size after the step: unique per server, 1..n, no gaps
      assertThat(replies.values()).allSatisfy(c -> assertThat(c).hasValue(1));
      assertThat(replies).hasSize(THREADS * CALLS_PER_THREAD);
      for (int s = 0; s < SERVERS; s++) {
        List<Object> seen = EventLoopTest.recorded(group, "r" + s);
        java.util.Set<Object> expected = new java.util.HashSet<>();
        for (int t = 0; t < THREADS; t++) {
          for (int i = 0; i < CALLS_PER_THREAD; i++) {
            if ((i + t) % SERVERS == s) {
              expected.add(t + ":" + i);
            }
          }
        }
        assertThat(seen).hasSize(expected.size());
        assertThat(new java.util.HashSet<>(seen)).isEqualTo(expected);
        // per sender, inputs arrive in the order they were sent
        ConcurrentHashMap<String, Integer> lastBySender = new ConcurrentHashMap<>();
        for (Object o : seen) {
          String[] parts = ((String) o).split(":");
          int i = Integer.parseInt(parts[1]);
          Integer prev = lastBySender.put(parts[0], i);
          assertThat(prev == null || prev < i).as("order of %s on r%d", parts[0], s).isTrue();
        }
      }
    }
  }
}
