package io.switchboard.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ServerHost#callSteppedAsync} on one {@link EventLoop}: the output and the state right
 * after the step, both encoded on the loop; what a replicated template commits before it answers.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SteppedCallTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final List<EventLoop> loops = new ArrayList<>();

  @AfterEach
  void stop() {
    loops.forEach(EventLoop::close);
  }

  @Test
  void callStepped_step_outputAndStateAfterTheStep() {
    EventLoop l = loop();
    l.start("t", new Tally(Tally.DECIMAL));
    assertThat(stepped(l, "t", "add").orThrow().state()).isEqualTo(utf8("1"));
    Stepped s = stepped(l, "t", "add").orThrow();
    assertThat(s.output()).isEqualTo(utf8("ok"));
    assertThat(s.state()).isEqualTo(utf8("2"));
    Stepped read = stepped(l, "t", "read").orThrow();
    assertThat(read.output()).isEqualTo(utf8("2"));
    assertThat(read.state()).isEqualTo(utf8("2"));
  }

  @Test
  void callStepped_noStateCodec_unavailableNamingTheServer() {
    EventLoop l = loop();
    l.start("plain", new Tally(null));
    Reply<Stepped> r = stepped(l, "plain", "add");
    assertThat(r).isInstanceOfSatisfying(Reply.Unavailable.class,
        u -> assertThat(u.message()).contains("'plain'").contains("no state codec"));
    // refused before anything was queued: the server did not step
    assertThat(l.callBytesAsync("plain", utf8("read"), WAIT, Backpressure.FAIL)
        .await(Deadline.after(WAIT), IdleStrategy.DEFAULT).orThrow()).isEqualTo(utf8("0"));
  }

  @Test
  void callStepped_stepStopsTheServer_outputAndNullState() {
    List<String> exits = new CopyOnWriteArrayList<>();
    EventLoop l = loop();
    l.startAsync("t", new Tally(Tally.DECIMAL), (n, reason, report) -> exits.add(n + ":" + reason))
        .await(Deadline.after(WAIT), IdleStrategy.DEFAULT).orThrow();
    Stepped s = stepped(l, "t", "stop").orThrow();
    assertThat(s.output()).isEqualTo(utf8("bye"));
    assertThat(s.state()).isNull();
    assertThat(exits).containsExactly("t:normal");
  }

  @Test
  void callStepped_stateEncodeThrows_crashedAndServerExitsLikeACrash() {
    List<String> exits = new CopyOnWriteArrayList<>();
    List<@Nullable CrashReport> reports = new CopyOnWriteArrayList<>();
    EventLoop l = loop();
    l.startAsync("t", new Tally(Tally.BROKEN), (n, reason, report) -> {
      exits.add(n + ":" + reason);
      reports.add(report);
    }).await(Deadline.after(WAIT), IdleStrategy.DEFAULT).orThrow();
    Reply<Stepped> r = stepped(l, "t", "add");
    assertThat(r).isInstanceOfSatisfying(Reply.Crashed.class, c -> {
      assertThat(c.server()).isEqualTo("t");
      assertThat(c.reason()).contains("state codec broken");
    });
    assertThat(exits).singleElement().asString().startsWith("t:crash");
    assertThat(reports).singleElement().satisfies(rep -> {
      assertThat(rep).isNotNull();
      assertThat(rep.server()).isEqualTo("t");
    });
    assertThat(l.status("t")).isEqualTo(ServerStatus.EXITED);
  }

  @Test
  void callStepped_unknownName_notFound() {
    EventLoop l = loop();
    assertThat(stepped(l, "nobody", "add")).isEqualTo(new Reply.NotFound<>("nobody"));
  }

  private EventLoop loop() {
    EventLoop l = EventLoop.builder("stepped-" + loops.size()).start();
    loops.add(l);
    return l;
  }

  private static Reply<Stepped> stepped(ServerHost host, String name, String input) {
    return host.callSteppedAsync(name, utf8(input), Deadline.after(WAIT), Backpressure.FAIL)
        .await(Deadline.after(WAIT), IdleStrategy.DEFAULT);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Counts {@code add}s; {@code read} answers the count, {@code stop} answers {@code bye} and
   * stops normally. Its state codec is given: decimal text, one that always throws, or none.
   */
  private static final class Tally implements GenServer<String, Long, String> {
    static final StateCodec<Long> DECIMAL = new StateCodec<>() {
      @Override
      public byte[] encode(Long state) {
        return utf8(Long.toString(state));
      }

      @Override
      public Long decode(byte[] bytes) {
        return Long.parseLong(new String(bytes, StandardCharsets.UTF_8));
      }
    };

    static final StateCodec<Long> BROKEN = new StateCodec<>() {
      @Override
      public byte[] encode(Long state) {
        throw new IllegalStateException("state codec broken (deliberate)");
      }

      @Override
      public Long decode(byte[] bytes) {
        throw new IllegalStateException("state codec broken (deliberate)");
      }
    };

    private final @Nullable StateCodec<Long> stateCodec;

    Tally(@Nullable StateCodec<Long> stateCodec) {
      this.stateCodec = stateCodec;
    }

    @Override
    public Long init() {
      return 0L;
    }

    @Override
    public Step<Long, String> step(String input, Long state) {
      return switch (input) {
        case "add" -> Step.of(state + 1, "ok");
        case "stop" -> Step.stop(state, "bye", ExitReason.NORMAL);
        default -> Step.of(state, Long.toString(state));
      };
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
          return utf8(output);
        }
      };
    }

    @Override
    public @Nullable StateCodec<Long> stateCodec() {
      return stateCodec;
    }
  }
}
