package io.switchboard.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.LocalRouter;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Router;
import io.switchboard.supervisor.SupervisorListener;
import io.switchboard.supervisor.app.AppContext;
import io.switchboard.supervisor.app.AppInstance;
import io.switchboard.supervisor.app.AppProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The provider on event loops, called by name as a node would (a {@link LocalRouter}). */
@Timeout(30)
class BankProviderTest {
  @TempDir Path dir;
  EventLoopGroup loops;

  @BeforeEach
  void start() {
    loops = EventLoopGroup.start("bank", 1, b -> b);
  }

  @AfterEach
  void stop() {
    loops.stop(Duration.ofSeconds(5));
  }

  @Test
  void serviceLoader_findsTheProviderByItsName() {
    assertThat(ServiceLoader.load(AppProvider.class).stream().map(ServiceLoader.Provider::get)
        .map(AppProvider::name)).contains("bank");
  }

  @Test
  void accounts_startedOnDemandAndCalledByName() {
    AppInstance bank = new BankProvider().start(AppContext.of(loops, dir, "n1"));
    try {
      LocalRouter router = new LocalRouter(loops, bank::template, new Router.Location("n1", "x:1"));
      assertThat(call(router, "account-a", "deposit 7")).isEqualTo("ok 7");
      assertThat(call(router, "account-b", "deposit 1")).isEqualTo("ok 1");
      assertThat(call(router, "account-a", "balance")).isEqualTo("7");
      Reply<byte[]> bad = router.call("account-a", bytes("fly"), deadline())
          .await(deadline(), IdleStrategy.DEFAULT);
      assertThat(bad).isInstanceOf(Reply.InvalidInput.class);
      assertThat(call(router, "account-a", "balance")).isEqualTo("7");
      assertThat(bank.template("account-")).isEmpty();
      assertThat(bank.template("account-x").orElseThrow().durability())
          .isEqualTo(io.switchboard.supervisor.Durability.REPLICATED);
      assertThat(bank.supervisors()).containsExactly("bank", "bank/accounts");
    } finally {
      bank.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void startFromAHandedBalance_continuesFromIt() {
    AppInstance bank = new BankProvider().start(AppContext.of(loops, dir, "n1"));
    try {
      Reply<Void> started = bank.template("account-h").orElseThrow()
          .start("account-h", "40".getBytes(StandardCharsets.US_ASCII))
          .await(deadline(), IdleStrategy.DEFAULT);
      assertThat(started.isOk()).isTrue();
      LocalRouter router = new LocalRouter(loops, bank::template, new Router.Location("n1", "x:1"));
      assertThat(call(router, "account-h", "withdraw 15")).isEqualTo("ok 25");
    } finally {
      bank.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void maxBalanceSetting_boundsDeposits_andABadValueRefusesTheStart() {
    AppContext limited = new AppContext(loops, dir, "n1", SupervisorListener.NONE,
        Map.of("bank-max-balance", "10"), (root, reason) -> { });
    AppInstance bank = new BankProvider().start(limited);
    try {
      LocalRouter router = new LocalRouter(loops, bank::template, new Router.Location("n1", "x:1"));
      assertThat(call(router, "account-m", "deposit 10")).isEqualTo("ok 10");
      assertThat(call(router, "account-m", "withdraw 3")).isEqualTo("ok 7");
      assertThat(call(router, "account-m", "deposit 4")).isEqualTo("limit_exceeded 7");
    } finally {
      bank.stop(Duration.ofSeconds(5));
    }
    AppContext bad = new AppContext(loops, dir, "n1", SupervisorListener.NONE,
        Map.of("bank-max-balance", "lots"), (root, reason) -> { });
    assertThatThrownBy(() -> new BankProvider().start(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SWITCHBOARD_APP_BANK_MAX_BALANCE").hasMessageContaining("'lots'");
  }

  private static String call(LocalRouter router, String name, String input) {
    Reply<byte[]> r = router.call(name, bytes(input), deadline())
        .await(deadline(), IdleStrategy.DEFAULT);
    assertThat(r).as("%s %s", name, input).isInstanceOf(Reply.Ok.class);
    return new String(((Reply.Ok<byte[]>) r).value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(5));
  }
}
