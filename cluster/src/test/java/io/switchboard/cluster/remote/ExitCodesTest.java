package io.switchboard.cluster.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.proto.v1.ChildExit;
import io.switchboard.supervisor.ExitReason;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

  private static ExitReason roundTrip(ExitReason reason) {
    ChildExit e = ExitCodes.encode("app", "w", 7, reason);
    assertThat(e.getStartId()).isEqualTo(7);
    assertThat(e.getNormal()).isEqualTo(reason.isNormal());
    return ExitCodes.decode(e, "n2");
  }

  @Test
  void decode_otpReasons_roundTrip() {
    assertThat(roundTrip(ExitReason.NORMAL)).isEqualTo(ExitReason.NORMAL);
    assertThat(roundTrip(ExitReason.SHUTDOWN)).isEqualTo(ExitReason.SHUTDOWN);
    assertThat(roundTrip(ExitReason.shutdown("bye"))).isEqualTo(ExitReason.shutdown("bye"));
    assertThat(roundTrip(ExitReason.KILLED)).isEqualTo(ExitReason.KILLED);
    assertThat(roundTrip(ExitReason.PARTITIONED)).isEqualTo(ExitReason.PARTITIONED);
    assertThat(roundTrip(new ExitReason.NoConnection("n9")))
        .as("noconnection names the hosting node").isEqualTo(new ExitReason.NoConnection("n2"));
  }

  @Test
  void decode_crash_keepsTheRemoteText_abnormal() {
    ExitReason r = roundTrip(ExitReason.crash(new IllegalStateException("boom")));
    assertThat(r).isInstanceOf(ExitReason.Crash.class);
    assertThat(r.isNormal()).isFalse();
    Throwable cause = ((ExitReason.Crash) r).cause();
    assertThat(cause).isInstanceOf(RemoteCrash.class)
        .hasMessage("java.lang.IllegalStateException: boom (on n2)");
    assertThat(((RemoteCrash) cause).node()).isEqualTo("n2");
  }

  @Test
  void decode_unknownText_followsTheNormalFlag() {
    ChildExit normal = ChildExit.newBuilder().setReason("weird").setNormal(true).build();
    ChildExit abnormal = ChildExit.newBuilder().setReason("weird").setNormal(false).build();
    assertThat(ExitCodes.decode(normal, "n2")).isEqualTo(ExitReason.shutdown("weird"));
    assertThat(ExitCodes.decode(abnormal, "n2").isNormal()).isFalse();
  }
}
