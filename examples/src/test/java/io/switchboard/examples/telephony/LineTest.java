package io.switchboard.examples.telephony;

import static io.switchboard.examples.telephony.LineEvent.ANSWER;
import static io.switchboard.examples.telephony.LineEvent.OFF_HOOK;
import static io.switchboard.examples.telephony.LineEvent.ON_HOOK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.supervisor.DecodeException;
import io.switchboard.supervisor.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Scripted calls between lines, purely (no threads): {@link SimulatedExchange} delivers the
 * signals.
 */
class LineTest {

  private static LineEvent.Dial dial(String line) {
    return new LineEvent.Dial(line);
  }

  @Test
  void call_answered_bothConnectedAndSetupReported() {
    SimulatedExchange x = new SimulatedExchange("line-a", "line-b");
    assertThat(x.say("line-a", OFF_HOOK)).isEqualTo("ok");
    Promise<String> dialled = x.input("line-a", dial("line-b"));
    assertThat(dialled.isDone()).as("reply deferred until the callee rings").isFalse();
    x.settle();
    assertThat(dialled.peek().orThrow()).isEqualTo("ringing");
    assertThat(x.state("line-a")).isEqualTo("ringing line-b");
    assertThat(x.state("line-b")).isEqualTo("ringing line-a");

    assertThat(x.say("line-b", ANSWER)).isEqualTo("connected line-a");
    assertThat(x.state("line-a")).isEqualTo("connected line-b");
    assertThat(x.state("line-b")).isEqualTo("connected line-a");
    assertThat(x.events).extracting(e -> e.getClass().getSimpleName())
        .containsExactly("Attempt", "Setup");
  }

  @Test
  void dial_busyLine_busyAndCallerStaysOffHook() {
    SimulatedExchange x = new SimulatedExchange("line-a", "line-b");
    x.say("line-b", OFF_HOOK);
    x.say("line-a", OFF_HOOK);
    assertThat(x.say("line-a", dial("line-b"))).isEqualTo("busy");
    assertThat(x.state("line-a")).isEqualTo("off_hook");
    assertThat(x.state("line-b")).isEqualTo("off_hook");
    assertThat(x.events).extracting(e -> e.getClass().getSimpleName())
        .containsExactly("Attempt", "Busy");
  }

  @Test
  void dial_lineInACall_busy() {
    SimulatedExchange x = new SimulatedExchange("line-a", "line-b", "line-c");
    x.say("line-a", OFF_HOOK);
    x.say("line-a", dial("line-b"));
    x.say("line-b", ANSWER);
    x.say("line-c", OFF_HOOK);
    assertThat(x.say("line-c", dial("line-a"))).isEqualTo("busy");
    assertThat(x.say("line-c", dial("line-b"))).isEqualTo("busy");
    assertThat(x.say("line-c", dial("line-c"))).as("dialling yourself").isEqualTo("busy");
  }

  @Test
  void ringing_noAnswerInTime_calleeIdleCallerOffHook() {
    SimulatedExchange x = new SimulatedExchange("line-a", "line-b");
    x.say("line-a", OFF_HOOK);
    x.say("line-a", dial("line-b"));
    x.advance(SimulatedExchange.CONFIG.ringTimeout().minusMillis(1));
    x.settle();
    assertThat(x.state("line-b")).isEqualTo("ringing line-a");
    x.line("line-b").advance(Duration.ofMillis(1));
    x.advance(Duration.ZERO);
    x.settle();
    assertThat(x.state("line-b")).isEqualTo("idle");
    assertThat(x.state("line-a")).isEqualTo("off_hook");
    assertThat(x.events).extracting(e -> e.getClass().getSimpleName()).contains("NoAnswer");
    assertThat(x.say("line-b", ANSWER)).startsWith("error:");
  }

  /** The callee never rings back (its signals are lost): the deferred dial hears no_answer. */
  @Test
  void dial_calleeSilent_dialTimeoutAnswersNoAnswer() {
    SimulatedExchange x = new SimulatedExchange("line-a", "line-b");
    x.say("line-a", OFF_HOOK);
    Promise<String> dialled = x.input("line-a", dial("line-b")); // the Seize is never delivered
    x.line("line-a").advance(SimulatedExchange.CONFIG.dialTimeout().minusMillis(1));
    assertThat(dialled.isDone()).isFalse();
    x.line("line-a").advance(Duration.ofMillis(1));
    assertThat(dialled.peek().orThrow()).isEqualTo("no_answer");
    assertThat(x.line("line-a").callAsync(LineEvent.STATE).peek().orThrow()).isEqualTo("off_hook");
  }

  @Test
  void hangUp_callerFirst_thenCallee_bothIdleAndOneTeardown() {
    SimulatedExchange x = connected();
    assertThat(x.say("line-a", ON_HOOK)).isEqualTo("ok");
    assertThat(x.state("line-a")).isEqualTo("idle");
    assertThat(x.state("line-b")).as("callee still holds the handset").isEqualTo("off_hook");
    assertThat(x.say("line-b", ON_HOOK)).isEqualTo("ok");
    assertThat(x.state("line-b")).isEqualTo("idle");
    assertThat(x.events).filteredOn(e -> e instanceof CallEvent.Teardown).singleElement()
        .extracting(e -> ((CallEvent.Teardown) e).by()).isEqualTo("line-a");
  }

  @Test
  void hangUp_calleeFirst_callerOffHook() {
    SimulatedExchange x = connected();
    assertThat(x.say("line-b", ON_HOOK)).isEqualTo("ok");
    assertThat(x.state("line-b")).isEqualTo("idle");
    assertThat(x.state("line-a")).isEqualTo("off_hook");
  }

  @Test
  void hangUp_callerWhileRinging_calleeStopsRinging() {
    SimulatedExchange x = new SimulatedExchange("line-a", "line-b");
    x.say("line-a", OFF_HOOK);
    x.say("line-a", dial("line-b"));
    assertThat(x.say("line-a", ON_HOOK)).isEqualTo("ok");
    assertThat(x.state("line-b")).isEqualTo("idle");
    x.advance(Duration.ofMinutes(5));
    x.settle();
    assertThat(x.state("line-a")).isEqualTo("idle");
    assertThat(x.state("line-b")).isEqualTo("idle");
  }

  @Test
  void answerRacesCallerHangUp_nobodyLeftConnected() {
    SimulatedExchange x = new SimulatedExchange("line-a", "line-b");
    x.say("line-a", OFF_HOOK);
    x.say("line-a", dial("line-b"));
    x.input("line-a", ON_HOOK); // Release to b is in flight...
    x.input("line-b", ANSWER); // ...while b answers and sends Answered to a
    x.settle();
    assertThat(x.state("line-a")).isEqualTo("idle");
    assertThat(x.state("line-b")).isEqualTo("off_hook");
  }

  @Test
  void inputs_wrongState_errorAndNoChange() {
    SimulatedExchange x = new SimulatedExchange("line-a");
    assertThat(x.say("line-a", dial("line-b"))).startsWith("error: dial needs off_hook");
    assertThat(x.say("line-a", ON_HOOK)).startsWith("error:");
    assertThat(x.say("line-a", ANSWER)).startsWith("error:");
    x.say("line-a", OFF_HOOK);
    assertThat(x.say("line-a", OFF_HOOK)).startsWith("error:");
    assertThat(x.state("line-a")).isEqualTo("off_hook");
  }

  @Test
  void codec_textInputs_decodedAndBadOnesRefused() throws DecodeException {
    LineCodec c = LineCodec.INSTANCE;
    assertThat(c.decode(bytes(" off_hook\n"))).isEqualTo(OFF_HOOK);
    assertThat(c.decode(bytes("dial line-42"))).isEqualTo(dial("line-42"));
    assertThat(c.decode(bytes("state"))).isEqualTo(LineEvent.STATE);
    assertThatThrownBy(() -> c.decode(bytes("dial counter-1"))).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> c.decode(bytes("dial line-"))).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> c.decode(bytes("hello"))).isInstanceOf(DecodeException.class);
    assertThat(new String(c.encode("ringing"), StandardCharsets.UTF_8)).isEqualTo("ringing");
  }

  private static SimulatedExchange connected() {
    SimulatedExchange x = new SimulatedExchange("line-a", "line-b");
    x.say("line-a", OFF_HOOK);
    x.say("line-a", dial("line-b"));
    x.say("line-b", ANSWER);
    assertThat(x.state("line-a")).isEqualTo("connected line-b");
    return x;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
