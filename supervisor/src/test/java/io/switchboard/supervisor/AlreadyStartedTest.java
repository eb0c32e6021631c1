package io.switchboard.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A start on a taken name answers {@link Reply.AlreadyStarted} (OTP {@code already_started}). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AlreadyStartedTest {
  private final EventLoopGroup loops = EventLoopGroup.start("already", 2, b -> b);

  @AfterEach
  void stop() {
    loops.close();
  }

  @Test
  void message_namesTheServer_orThrowThrowsIt() {
    Reply<Void> r = new Reply.AlreadyStarted<>("c");
    assertThat(((Reply.Failure<Void>) r).message()).isEqualTo("a server named 'c' is already started");
    assertThat(r.isOk()).isFalse();
    assertThatThrownBy(r::orThrow).isInstanceOfSatisfying(ReplyException.class,
        e -> assertThat(e.getMessage()).contains("already started"));
  }

  @Test
  void startAsync_nameRunning_alreadyStartedAndFirstServerUntouched() {
    assertThat(loops.start("c", new Counter()).isOk()).isTrue();
    loops.call("c", Counter.Input.INCREMENT);
    assertThat(loops.startAsync("c", new Counter(), null).peek())
        .isEqualTo(new Reply.AlreadyStarted<>("c"));
    assertThat(loops.call("c", Counter.Input.READ).orThrow()).isEqualTo(new Counter.Value(1));
  }

  @Test
  void startAsync_nameHeldAsExitedForItsSupervisor_alreadyStarted() {
    loops.startAsync("c", new Counter(), (name, reason, report) -> {})
        .await(Deadline.after(Duration.ofSeconds(5)), IdleStrategy.DEFAULT).orThrow();
    assertThat(loops.call("c", Counter.Input.RESET)).isInstanceOf(Reply.Crashed.class);
    assertThat(loops.status("c")).isEqualTo(ServerStatus.EXITED);
    assertThat(loops.start("c", new Counter())).isEqualTo(new Reply.AlreadyStarted<>("c"));
  }

  @Test
  void startAsync_badName_stillInvalidInput() {
    assertThat(loops.start("", new Counter())).isInstanceOf(Reply.InvalidInput.class);
  }

  @Test
  void startChild_simpleOneForOne_nameStartedOutsideTheSupervisor_alreadyStarted() {
    Supervisor sup = Supervisor.builder("counters", loops, SupervisorSpec.simpleOneForOne(
        ChildSpec.template("counter", name -> new Counter()))).build();
    assertThat(sup.start().isOk()).isTrue();
    assertThat(loops.start("counter-1", new Counter()).isOk()).isTrue();
    assertThat(sup.startChild("counter-1")).isEqualTo(new Reply.AlreadyStarted<>("counter-1"));
    assertThat(sup.ensureChild("counter-1")).isEqualTo(new Reply.AlreadyStarted<>("counter-1"));
    assertThat(sup.whichChildren().orThrow()).isEmpty();
    sup.stop();
  }

  @Test
  void ensureChild_childOfTheSupervisor_okNotAlreadyStarted() {
    Supervisor sup = Supervisor.builder("counters", loops, SupervisorSpec.simpleOneForOne(
        ChildSpec.template("counter", name -> new Counter()))).build();
    assertThat(sup.start().isOk()).isTrue();
    assertThat(sup.ensureChild("counter-2").isOk()).isTrue();
    assertThat(sup.ensureChild("counter-2").isOk()).isTrue();
    assertThat(sup.startChild("counter-2")).isEqualTo(new Reply.AlreadyStarted<>("counter-2"));
    sup.stop();
  }

  @Test
  void supervisorStart_twice_alreadyStarted() {
    Supervisor sup = Supervisor.builder("twice", loops, SupervisorSpec.simpleOneForOne(
        ChildSpec.template("counter", name -> new Counter()))).build();
    assertThat(sup.start().isOk()).isTrue();
    assertThat(sup.start()).isEqualTo(new Reply.AlreadyStarted<>("twice"));
    sup.stop();
  }
}
