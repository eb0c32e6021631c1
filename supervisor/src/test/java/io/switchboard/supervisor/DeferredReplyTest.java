package io.switchboard.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Deferred replies, OTP {@code gen_server.erl}: {@code handle_call/3} returning {@code {noreply,
 * NewState}} keeps the caller waiting, and {@code gen_server:reply(From, Reply)} answers it later
 * from any callback; a caller waits at most its timeout ({@code gen_server:call/3} exits with
 * {@code timeout}), and a reply that comes after that is dropped.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeferredReplyTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private final List<EventLoop> loops = new ArrayList<>();

  @AfterEach
  void stop() {
    loops.forEach(EventLoop::close);
  }

  private EventLoop loop() {
    EventLoop l = EventLoop.builder("deferred-" + loops.size()).start();
    loops.add(l);
    return l;
  }

  /**
   * A gate: {@code wait} is answered only when {@code open} arrives (a cast or a call), with the
   * number of callers released; {@code wait-stop} defers and then stops the server.
   */
  static final class Gate implements GenServer<String, List<From>, String> {
    @Override
    public List<From> init() {
      return List.of();
    }

    @Override
    public Step<List<From>, String> step(String input, List<From> waiting) {
      if (input.equals("open")) {
        waiting.forEach(f -> f.reply("opened for " + waiting.size()));
        return Step.of(List.of(), "released " + waiting.size());
      }
      return Step.of(waiting, "waiting " + waiting.size());
    }

    @Override
    public Step<List<From>, String> stepCall(String input, From from, List<From> waiting) {
      if (input.equals("wait")) {
        List<From> next = new ArrayList<>(waiting);
        next.add(from);
        return Step.noReply(next);
      }
      return step(input, waiting);
    }

    @Override
    public Codec<String, String> codec() {
      return new Codec<>() {
        @Override
        public String decode(byte[] bytes) {
          return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public byte[] encode(String output) {
          return output.getBytes(StandardCharsets.UTF_8);
        }
      };
    }

    @Override
    public StateCodec<List<From>> stateCodec() {
      return new StateCodec<>() {
        @Override
        public byte[] encode(List<From> state) {
          return Integer.toString(state.size()).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public List<From> decode(byte[] bytes) {
          return List.of();
        }
      };
    }
  }

  @Test
  void noReply_callerWaits_untilAnotherInputReplies_objectAndWireCallers() {
    EventLoop l = loop();
    l.start("gate", new Gate()).orThrow();
    Promise<String> first = l.callAsync("gate", "wait", WAIT, Backpressure.FAIL);
    Promise<byte[]> second = l.callBytesAsync("gate", utf8("wait"), WAIT, Backpressure.FAIL);
    assertThat(l.<String>call("gate", "count").orThrow()).isEqualTo("waiting 2");
    assertThat(first.isDone()).isFalse();
    assertThat(second.isDone()).isFalse();

    assertThat(l.cast("gate", "open").isOk()).isTrue();
    assertThat(first.await(Deadline.after(WAIT), IdleStrategy.DEFAULT).orThrow())
        .isEqualTo("opened for 2");
    assertThat(second.await(Deadline.after(WAIT), IdleStrategy.DEFAULT).orThrow())
        .as("encoded by the server's codec when the reply is made").isEqualTo(utf8("opened for 2"));
  }

  @Test
  void timerReplies_asOtpReplyFromHandleInfo() {
    EventLoop l = loop();
    l.start("gate", new Gate()).orThrow();
    Promise<String> waiting = l.callAsync("gate", "wait", WAIT, Backpressure.FAIL);
    l.sendAfter(Duration.ofMillis(50), "gate", "open");
    assertThat(waiting.await(Deadline.after(WAIT), IdleStrategy.DEFAULT).orThrow())
        .isEqualTo("opened for 1");
  }

  @Test
  void replyAfterTheDeadline_callerTimedOutOnce_lateReplyDropped() {
    EventLoop l = loop();
    l.start("gate", new Gate()).orThrow();
    Promise<String> waiting = l.callAsync("gate", "wait", Duration.ofMillis(100),
        Backpressure.FAIL);
    Reply<String> r = waiting.await(Deadline.after(WAIT), IdleStrategy.DEFAULT);
    assertThat(r).as("the loop ends the wait at the caller's deadline, not the await's")
        .isInstanceOfSatisfying(Reply.Timeout.class, t ->
            assertThat(t.message()).contains("deferred"));
    assertThat(l.<String>call("gate", "open").orThrow()).as("the server still holds the From")
        .isEqualTo("released 1");
    assertThat(waiting.peek()).as("the late reply did not replace the timeout").isSameAs(r);
  }

  @Test
  void steppedCall_serverDefers_crashesNamingTheRule_notLeftHalfAnswered() {
    EventLoop l = loop();
    List<String> exits = new java.util.concurrent.CopyOnWriteArrayList<>();
    l.startAsync("gate", new Gate(), (n, reason, report) -> exits.add(reason.toString()))
        .await(Deadline.after(WAIT), IdleStrategy.DEFAULT).orThrow();
    Reply<Stepped> r = l.callSteppedAsync("gate", utf8("wait"), Deadline.after(WAIT),
        Backpressure.FAIL).await(Deadline.after(WAIT), IdleStrategy.DEFAULT);
    assertThat(r).isInstanceOfSatisfying(Reply.Crashed.class, c ->
        assertThat(c.reason()).contains("REPLICATED server must answer in the step"));
    assertThat(exits).singleElement().asString().contains("crash");
  }

  @Test
  void serverWithoutStepCall_answersWithItsStep_asBefore() {
    EventLoop l = loop();
    GenServer<String, Integer, String> plain = new GenServer<>() {
      @Override
      public Integer init() {
        return 0;
      }

      @Override
      public Step<Integer, String> step(String input, Integer n) {
        return Step.of(n + 1, "step " + (n + 1));
      }
    };
    l.start("plain", plain).orThrow();
    assertThat(l.<String>call("plain", "x").orThrow()).isEqualTo("step 1");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
