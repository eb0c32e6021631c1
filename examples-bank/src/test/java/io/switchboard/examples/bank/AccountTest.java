package io.switchboard.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.supervisor.DecodeException;
import io.switchboard.supervisor.Run;
import io.switchboard.supervisor.RunResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The account as a pure state machine ({@link Run}, the seed's runner): no loops, no node. */
class AccountTest {
  private final Account account = new Account(1_000);

  private List<String> run(String... inputs) throws DecodeException {
    List<Account.Input> decoded = new ArrayList<>();
    for (String in : inputs) {
      decoded.add(account.codec().decode(in.getBytes(StandardCharsets.UTF_8)));
    }
    RunResult<Long, String> r = Run.run(account, decoded);
    assertThat(r).isInstanceOf(RunResult.Completed.class);
    return ((RunResult.Completed<Long, String>) r).outputs();
  }

  @Test
  void depositsAndWithdrawals_replyTheNewBalance() throws Exception {
    assertThat(run("deposit 100", "withdraw 30", "balance", "deposit 5"))
        .containsExactly("ok 100", "ok 70", "70", "ok 75");
  }

  @Test
  void withdrawMoreThanTheBalance_refusedAndBalanceKept() throws Exception {
    assertThat(run("deposit 10", "withdraw 11", "balance"))
        .containsExactly("ok 10", "insufficient_funds 10", "10");
  }

  @Test
  void depositOverTheLimit_refusedAndBalanceKept() throws Exception {
    assertThat(run("deposit 999", "deposit 2", "deposit 1", "balance"))
        .containsExactly("ok 999", "limit_exceeded 999", "ok 1000", "1000");
  }

  @Test
  void badInput_refusedByTheCodecWithAMessage_neverReachesTheStep() {
    for (String bad : List.of("deposit -3", "deposit 0", "deposit x", "withdraw 1001", "fly",
        "deposit", "deposit 1 2", "deposit 99999999999999999999")) {
      assertThatThrownBy(() -> account.codec().decode(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad).isInstanceOf(DecodeException.class)
          .satisfiesAnyOf(e -> assertThat(e).hasMessageContaining("amount"),
              e -> assertThat(e).hasMessageContaining("expected 'deposit N'"));
    }
  }

  @Test
  void stateCodec_roundTripsAndRefusesGarbage() throws Exception {
    assertThat(account.stateCodec().decode(account.stateCodec().encode(4_242L))).isEqualTo(4_242L);
    assertThatThrownBy(() -> account.stateCodec().decode("-1".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> account.stateCodec().decode("ten".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(DecodeException.class);
  }

  @Test
  void maxBalanceBelowOne_refused() {
    assertThatThrownBy(() -> new Account(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
