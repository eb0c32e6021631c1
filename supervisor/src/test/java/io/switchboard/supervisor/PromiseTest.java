package io.switchboard.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PromiseTest {

  static Stream<Reply.Failure<Integer>> failures() {
    return Stream.of(
        new Reply.NotFound<>("n"),
        new Reply.InvalidInput<>("bad"),
        new Reply.Overloaded<>("full"),
        new Reply.Crashed<>("s", "boom"),
        new Reply.Timeout<>("late"),
        new Reply.Unavailable<>("down"),
        new Reply.AlreadyStarted<>("n"));
  }

  @Test
  void map_ok_appliesFunction() {
    Promise<Integer> p = new Promise<>();
    Promise<String> m = p.map(i -> "v" + i);
    assertThat(m.isDone()).isFalse();
    p.complete(Reply.ok(7));
    assertThat(m.peek()).isEqualTo(Reply.ok("v7"));
  }

  @Test
  void map_afterCompletion_completesAtOnce() {
    Promise<String> m = Promise.completed(Reply.ok(2)).map(i -> i * 21).map(String::valueOf);
    assertThat(m.peek()).isEqualTo(Reply.ok("42"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void map_failure_passesThroughUnchanged(Reply.Failure<Integer> failure) {
    AtomicInteger applied = new AtomicInteger();
    Promise<String> m = Promise.<Integer>completed(failure).map(i -> {
      applied.incrementAndGet();
      return "x";
    });
    assertThat(m.peek()).isEqualTo(failure);
    assertThat(applied).hasValue(0);
  }

  @Test
  void map_functionThrows_completesWithCrashedNamingTheException() {
    Promise<Integer> p = new Promise<>();
    Promise<String> m = p.map(i -> {
      throw new IllegalStateException("no " + i);
    });
    assertThat(p.complete(Reply.ok(1))).isTrue();
    assertThat(m.peek()).isInstanceOf(Reply.Crashed.class);
    Reply.Crashed<String> c = (Reply.Crashed<String>) m.peek();
    assertThat(c.server()).isEqualTo("Promise.map");
    assertThat(c.reason()).contains("IllegalStateException").contains("no 1");
  }

  @Test
  void flatMap_ok_completesAsTheReturnedPromise() {
    Promise<Integer> p = new Promise<>();
    Promise<String> inner = new Promise<>();
    Promise<String> m = p.flatMap(i -> inner);
    p.complete(Reply.ok(1));
    assertThat(m.isDone()).isFalse();
    inner.complete(Reply.ok("done"));
    assertThat(m.peek()).isEqualTo(Reply.ok("done"));
  }

  @Test
  void flatMap_innerFailure_passesThrough() {
    Promise<String> m = Promise.completed(Reply.ok(1))
        .flatMap(i -> Promise.<String>completed(new Reply.Timeout<>("late")));
    assertThat(m.peek()).isEqualTo(new Reply.Timeout<String>("late"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void flatMap_failure_passesThroughWithoutCallingFunction(Reply.Failure<Integer> failure) {
    AtomicInteger applied = new AtomicInteger();
    Promise<String> m = Promise.<Integer>completed(failure).flatMap(i -> {
      applied.incrementAndGet();
      return Promise.completed(Reply.ok("x"));
    });
    assertThat(m.peek()).isEqualTo(failure);
    assertThat(applied).hasValue(0);
  }

  @Test
  void flatMap_functionThrowsOrReturnsNull_completesWithCrashed() {
    Promise<String> threw = Promise.completed(Reply.ok(1)).flatMap(i -> {
      throw new IllegalArgumentException("bad");
    });
    Promise<String> gaveNull = Promise.completed(Reply.ok(1)).flatMap(i -> null);
    assertThat(threw.peek()).isEqualTo(
        new Reply.Crashed<String>("Promise.flatMap", "java.lang.IllegalArgumentException: bad"));
    assertThat(((Reply.Crashed<String>) gaveNull.peek()).reason()).contains("returned null");
  }

  @Test
  void whenComplete_severalBeforeCompletion_allRunOnceInOrder() {
    Promise<Integer> p = new Promise<>();
    List<String> seen = new ArrayList<>();
    assertThat(p.whenComplete(r -> seen.add("a" + r.orThrow()))).isSameAs(p);
    p.whenComplete(r -> seen.add("b" + r.orThrow()));
    p.onComplete(r -> seen.add("c" + r.orThrow()));
    assertThat(seen).isEmpty();
    p.complete(Reply.ok(1));
    p.complete(Reply.ok(2));
    assertThat(seen).containsExactly("a1", "b1", "c1");
  }

  @Test
  void whenComplete_afterCompletion_runsAtOnceOnCaller() {
    Promise<Integer> p = Promise.completed(Reply.ok(3));
    List<Thread> ran = new ArrayList<>();
    p.whenComplete(r -> ran.add(Thread.currentThread()));
    p.whenComplete(r -> ran.add(Thread.currentThread()));
    assertThat(ran).containsExactly(Thread.currentThread(), Thread.currentThread());
  }

  @Test
  void whenComplete_callbackThrows_othersStillRunAndCompleterUnharmed() {
    Promise<Integer> p = new Promise<>();
    AtomicInteger ran = new AtomicInteger();
    p.whenComplete(r -> {
      throw new IllegalStateException("callback bug (expected in this test)");
    });
    p.whenComplete(r -> ran.incrementAndGet());
    assertThat(p.complete(Reply.ok(1))).isTrue();
    assertThat(ran).hasValue(1);
  }

  @Test
  void whenComplete_tooMany_failsFast() {
    Promise<Integer> p = new Promise<>();
    for (int i = 0; i < Promise.MAX_CALLBACKS; i++) {
      p.whenComplete(r -> {});
    }
    assertThatThrownBy(() -> p.whenComplete(r -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at most");
  }

  @Test
  void whenComplete_racingCompletion_eachCallbackRunsExactlyOnce() throws Exception {
    for (int round = 0; round < 200; round++) {
      Promise<Integer> p = new Promise<>();
      int adders = 3;
      int each = 50;
      AtomicInteger ran = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < adders; t++) {
        threads.add(new Thread(() -> {
          awaitQuietly(go);
          for (int i = 0; i < each; i++) {
            p.whenComplete(r -> ran.incrementAndGet());
          }
        }));
      }
      threads.add(new Thread(() -> {
        awaitQuietly(go);
        p.complete(Reply.ok(1));
      }));
      threads.forEach(Thread::start);
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      assertThat(ran).hasValue(adders * each);
    }
  }

  @Test
  void complete_null_rejected() {
    assertThatThrownBy(() -> new Promise<Integer>().complete(null))
        .isInstanceOf(NullPointerException.class);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
