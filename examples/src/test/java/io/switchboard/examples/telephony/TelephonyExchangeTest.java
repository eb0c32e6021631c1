package io.switchboard.examples.telephony;

import io.switchboard.testkit.Await;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.Backpressure;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.statem.GenStatem;
import io.switchboard.supervisor.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import io.switchboard.supervisor.Template;
import io.switchboard.supervisor.Router;
import io.switchboard.supervisor.LocalRouter;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Lines on real event loops (two, so calls cross loops), through the node's wire path. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TelephonyExchangeTest {
  private final ManualClock clock = new ManualClock();
  private final EventLoopGroup group = EventLoopGroup.start("demo", 2, b -> b.clock(clock));
  @TempDir
  Path dir;
  private TelephonyExchange app;

  private TelephonyExchange app() {
    app = TelephonyExchange.start(group, dir, SimulatedExchange.CONFIG);
    return app;
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    group.close();
  }

  /** What the node does: bytes in, bytes out, starting the line on first use. */
  private String wire(String name, String input) {
    if (TelephonyExchange.isLine(name)) {
      app.startLine(name).await(ServerHost.deadline(Duration.ofSeconds(5)), IdleStrategy.DEFAULT)
          .orThrow();
    }
    Reply<byte[]> r = group.callBytesAsync(name, input.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(5), Backpressure.FAIL)
        .await(ServerHost.deadline(Duration.ofSeconds(5)), IdleStrategy.DEFAULT);
    return new String(r.orThrow(), StandardCharsets.UTF_8);
  }

  private static void await(Supplier<Boolean> cond) {
    Await.until("the condition", Duration.ofSeconds(10), cond::get);
  }

  private void awaitState(String line, String state) {
    await(() -> wire(line, "state").equals(state));
  }

  @Test
  void wireCall_dialAnswerHangUp_acrossLoopsAndReported() throws Exception {
    app();
    String b = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "line-" + i)
        .filter(n -> group.loopOf(n) != group.loopOf("line-a")).findFirst().orElseThrow();
    assertThat(wire("line-a", "off_hook")).isEqualTo("ok");
    // the wire call waits for the deferred reply (OTP {noreply, ...} + gen_server:reply/2)
    assertThat(wire("line-a", "dial " + b)).isEqualTo("ringing");
    assertThat(wire(b, "state")).isEqualTo("ringing line-a");
    assertThat(wire("line-a", "state")).isEqualTo("ringing " + b);
    assertThat(wire(b, "answer")).isEqualTo("connected line-a");
    awaitState("line-a", "connected " + b);
    assertThat(wire("line-a", "on_hook")).isEqualTo("ok");
    awaitState(b, "off_hook");
    assertThat(wire(b, "on_hook")).isEqualTo("ok");

    await(() -> app.counts().teardowns() == 1);
    assertThat(app.counts()).isEqualTo(new CallMetrics.Counts(1, 0, 0, 1, 1));
    assertThat(wire("events", "stats")).contains("setups=1", "teardowns=1", "active=0");
    assertThat(wire("events", "handlers")).isEqualTo("log,metrics");
    Path log = dir.resolve("calls.log");
    await(() -> Files.exists(log) && read(log).contains("event=teardown"));
    assertThat(read(log)).contains("event=attempt", "event=setup", "by=line-a");
  }

  @Test
  void wireCall_dialBusyLine_hearsBusyAsTheDeferredReply() {
    app();
    wire("line-b", "off_hook");
    wire("line-a", "off_hook");
    assertThat(wire("line-a", "dial line-b")).isEqualTo("busy");
    assertThat(wire("line-a", "state")).isEqualTo("off_hook");
  }

  /**
   * Lines that signal each other by name through a {@link Router} (as on a cluster node, where the
   * callee may be served by another node): the signals travel encoded, the dial's deferred reply
   * still comes back.
   */
  @Test
  void throughARouter_signalsTravelEncoded_dialHearsRingingThenBusy() {
    java.util.concurrent.atomic.AtomicReference<TelephonyExchange> ref =
        new java.util.concurrent.atomic.AtomicReference<>();
    Template lines = new Template() {
      @Override
      public String kind() {
        return "line";
      }

      @Override
      public boolean matches(String name) {
        return TelephonyExchange.isLine(name);
      }

      @Override
      public Promise<Void> start(String name) {
        return ref.get().startLine(name);
      }

      @Override
      public Promise<byte[]> release(String name, ExitReason reason) {
        return Promise.completed(new Reply.InvalidInput<>("lines do not move"));
      }
    };
    Router router = new LocalRouter(group, name -> java.util.Optional.of(lines)
        .filter(t -> t.matches(name)), new Router.Location("n1", "127.0.0.1:1"));
    app = TelephonyExchange.start(group, dir, SimulatedExchange.CONFIG, b -> b, router);
    ref.set(app);
    java.util.function.BiFunction<String, String, String> say = (line, input) -> new String(
        router.call(line, input.getBytes(StandardCharsets.UTF_8), Deadline.after(
            Duration.ofSeconds(5))).await(Deadline.after(Duration.ofSeconds(5)),
            IdleStrategy.DEFAULT).orThrow(), StandardCharsets.UTF_8);
    assertThat(say.apply("line-a", "off_hook")).isEqualTo("ok");
    assertThat(say.apply("line-a", "dial line-b")).isEqualTo("ringing");
    assertThat(say.apply("line-b", "state")).isEqualTo("ringing line-a");
    assertThat(say.apply("line-c", "off_hook")).isEqualTo("ok");
    assertThat(say.apply("line-c", "dial line-b")).isEqualTo("busy");
    assertThat(say.apply("line-b", "answer")).isEqualTo("connected line-a");
    await(() -> say.apply("line-a", "state").equals("connected line-b"));
  }

  @Test
  void statemCall_dialBusyLine_busyAsDeferredReply() {
    app();
    wire("line-b", "off_hook");
    wire("line-a", "off_hook");
    Reply<String> r = GenStatem.call(group, "line-a", new LineEvent.Dial("line-b"),
        Duration.ofSeconds(5));
    assertThat(r.orThrow()).isEqualTo("busy");
    assertThat(wire("line-a", "state")).isEqualTo("off_hook");
    await(() -> app.counts().busy() == 1);
  }

  @Test
  void ringing_clockPassesRingTimeout_bothSidesGiveUp() {
    app();
    wire("line-a", "off_hook");
    Reply<String> r = GenStatem.call(group, "line-a", new LineEvent.Dial("line-new"),
        Duration.ofSeconds(5));
    assertThat(r.orThrow()).as("an unknown line is created on demand").isEqualTo("ringing");
    awaitState("line-new", "ringing line-a");
    clock.advance(SimulatedExchange.CONFIG.ringTimeout());
    awaitState("line-new", "idle");
    awaitState("line-a", "off_hook");
    await(() -> app.counts().noAnswer() == 1);
  }

  @Test
  void wireInput_garbage_invalidInputAndLineUnharmed() {
    app();
    wire("line-a", "state");
    Reply<byte[]> r = group.callBytesAsync("line-a", "dial counter-1".getBytes(
        StandardCharsets.UTF_8), Duration.ofSeconds(5), Backpressure.FAIL)
        .await(ServerHost.deadline(Duration.ofSeconds(5)), IdleStrategy.DEFAULT);
    assertThat(r).isInstanceOf(Reply.InvalidInput.class);
    assertThat(wire("line-a", "state")).isEqualTo("idle");
    assertThat(app.startLine("counter-1").peek()).isInstanceOf(Reply.InvalidInput.class);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
