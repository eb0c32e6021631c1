package io.switchboard.examples.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.supervisor.DecodeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signals between lines on different nodes: their wire form, and what it refuses. */
class LineCodecTest {
  private final CallRef ref = new CallRef("line-a", "line-b", 42);

  @Test
  void everySignal_encodedThenDecoded_isTheSameSignal() throws DecodeException {
    for (LineEvent.Signal s : List.of(new LineEvent.Seize(ref), new LineEvent.Ringing(ref),
        new LineEvent.Busy(ref), new LineEvent.Answered(ref), new LineEvent.NoAnswer(ref),
        new LineEvent.Release(ref), new LineEvent.Unreachable(ref))) {
      assertThat(LineCodec.INSTANCE.decode(LineCodec.encodeSignal(s))).isEqualTo(s);
    }
    assertThat(new String(LineCodec.encodeSignal(new LineEvent.Seize(ref)),
        StandardCharsets.UTF_8)).isEqualTo("signal seize line-a line-b 42");
  }

  @Test
  void malformedSignal_refusedWithTheShape() {
    for (String bad : List.of("signal seize line-a", "signal wink line-a line-b 1",
        "signal seize line-a line-b x", "signal seize counter-1 line-b 1")) {
      assertThatThrownBy(() -> LineCodec.INSTANCE.decode(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad).isInstanceOf(DecodeException.class).hasMessageContaining("signal");
    }
  }
}
