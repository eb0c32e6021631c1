package io.switchboard.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Calls carry their {@link Deadline} to the loop, which checks it before stepping. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventLoopDeadlineTest {
  private final ManualClock clock = new ManualClock();
  private final EventLoopGroup group = EventLoopGroup.start("deadline", 2, b -> b);

  @AfterEach
  void stop() {
    group.close();
  }

  @Test
  void callAsync_deadlinePassedBeforeLoopTookIt_timeoutAndServerNotStepped() {
    group.start("e", new TestServers.Echo());
    Deadline passed = Deadline.after(Duration.ZERO, clock);
    Reply<Object> r = group.callAsync("e", "x", passed, Backpressure.FAIL)
        .await(Deadline.after(Duration.ofSeconds(5)), IdleStrategy.DEFAULT);
    assertThat(r).isInstanceOf(Reply.Timeout.class);
    assertThat(((Reply.Timeout<Object>) r).message()).contains("before the server took the call");
    // Echo's state counts its steps: the expired call was never stepped
    assertThat(group.call("e", "y").orThrow()).isEqualTo("y");
  }

  @Test
  void callBytesAsync_deadlinePassed_timeout() {
    group.start("c", new Counter());
    Reply<byte[]> r = group.callBytesAsync("c", "read".getBytes(StandardCharsets.UTF_8),
        Deadline.after(Duration.ZERO, clock), Backpressure.FAIL)
        .await(Deadline.after(Duration.ofSeconds(5)), IdleStrategy.DEFAULT);
    assertThat(r).isInstanceOf(Reply.Timeout.class);
  }

  @Test
  void callAsync_liveDeadline_steppedAndAnswered() {
    group.start("e", new TestServers.Echo());
    Deadline d = Deadline.after(Duration.ofSeconds(5), clock);
    assertThat(group.callAsync("e", "x", d, Backpressure.WAIT).await(d, IdleStrategy.DEFAULT))
        .isEqualTo(Reply.ok("x"));
    assertThat(group.call("e", "z", Deadline.after(Duration.ofSeconds(5))))
        .isEqualTo(Reply.ok("z"));
  }

  @Test
  void callAsync_durationForm_sameAsDeadlineForm() {
    group.start("e", new TestServers.Echo());
    assertThat(group.callAsync("e", "x", Duration.ofSeconds(5), Backpressure.FAIL)
        .await(Deadline.after(Duration.ofSeconds(5)), IdleStrategy.DEFAULT))
        .isEqualTo(Reply.ok("x"));
    assertThat(group.callAsync("e", "x", Duration.ofSeconds(-1), Backpressure.FAIL)
        .await(Deadline.after(Duration.ofSeconds(5)), IdleStrategy.DEFAULT))
        .isInstanceOf(Reply.Timeout.class);
  }
}
