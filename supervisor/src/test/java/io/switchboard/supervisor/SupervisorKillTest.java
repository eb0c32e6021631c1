package io.switchboard.supervisor;

import static io.switchboard.supervisor.SupervisorFixtures.probe;
import static io.switchboard.supervisor.SupervisorFixtures.settle;
import static io.switchboard.supervisor.SupervisorFixtures.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.SupervisorFixtures.Journal;
import io.switchboard.supervisor.SupervisorFixtures.Probe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ServerHost.kill}, OTP's {@code exit(Pid, Reason)}: the supervisor gets the
 * {@code 'EXIT'} message and applies its strategy ({@code supervisor.erl}
 * {@code handle_info({'EXIT', Pid, Reason}, State)} → {@code restart_child}).
 */
@Timeout(30)
class SupervisorKillTest {
  private final Journal j = new Journal();
  private EventLoopGroup loops;

  @BeforeEach
  void start() {
    loops = EventLoopGroup.start("kill", 2, b -> b);
  }

  @AfterEach
  void stop() {
    loops.close();
  }

  private static ChildInfo info(Supervisor s, String id) {
    return s.whichChildren().orThrow().stream().filter(c -> c.id().equals(id)).findFirst()
        .orElseThrow();
  }

  /** exit(Pid, kill): brutal, no terminate; a permanent child exits killed and is restarted. */
  @Test
  void kill_killReason_noTerminate_permanentChildRestarted_whichChildrenShowsIt() {
    Supervisor sup = Supervisor.builder("k1", loops, SupervisorSpec.oneForOne(
        probe("k1-a", j), probe("k1-b", j))).build();
    assertThat(sup.start().isOk()).isTrue();
    loops.call("k1-b", "count");

    assertThat(loops.kill("k1-b", ExitReason.KILLED)).isEqualTo(Reply.ok(null));

    until(() -> j.inits("k1-b") == 2, () -> "k1-b restarted");
    settle(sup);
    assertThat(j.with("terminate:k1-b")).as("no terminate for kill").isEmpty();
    assertThat(info(sup, "k1-b")).satisfies(c -> {
      assertThat(c.status()).isEqualTo(ChildStatus.RUNNING);
      assertThat(c.restarts()).isEqualTo(1);
      assertThat(c.lastExit()).isEqualTo(ExitReason.KILLED);
    });
    assertThat(loops.call("k1-b", "count")).as("a fresh state").isEqualTo(Reply.ok(1));
    assertThat(j.inits("k1-a")).isEqualTo(1);
    assertThat(sup.crashReports().recorded()).as("an exit signal is no crash").isZero();
    sup.stop();
  }

  /** exit(Pid, shutdown) on a transient child: terminate runs, a normal exit: not restarted. */
  @Test
  void kill_shutdownReason_transientChild_terminateRuns_notRestarted_whichChildrenStopped() {
    Supervisor sup = Supervisor.builder("k2", loops, SupervisorSpec.oneForOne(
        probe("k2-b", j).withRestart(Restart.TRANSIENT))).build();
    assertThat(sup.start().isOk()).isTrue();

    assertThat(loops.kill("k2-b", ExitReason.SHUTDOWN).isOk()).isTrue();

    until(() -> info(sup, "k2-b").status() == ChildStatus.STOPPED, () -> "k2-b stopped");
    settle(sup);
    assertThat(j.with("terminate:k2-b")).containsExactly("terminate:k2-b:shutdown");
    assertThat(loops.status("k2-b")).isNull();
    assertThat(info(sup, "k2-b").lastExit()).isEqualTo(ExitReason.SHUTDOWN);
    assertThat(sup.countChildren().orThrow()).isEqualTo(new ChildCounts(1, 0, 0, 1));
    assertThat(sup.status()).isEqualTo(ChildStatus.RUNNING);
    sup.stop();
  }

  /** supervisor.erl: more exits than the intensity allows → the supervisor gives up. */
  @Test
  void kill_beyondIntensity_supervisorGivesUp() {
    Supervisor sup = Supervisor.builder("k3", loops, SupervisorSpec.oneForOne(
        probe("k3-b", j)).withIntensity(0, Duration.ofSeconds(5))).build();
    assertThat(sup.start().isOk()).isTrue();
    loops.kill("k3-b", ExitReason.KILLED);
    until(() -> sup.status() == ChildStatus.STOPPED, () -> "k3 gave up");
    assertThat(loops.status("k3-b")).isNull();
  }

  @Test
  void kill_unsupervised_removedWithoutListener_noSuchServerAfter() {
    assertThat(loops.start("k4", new Probe("k4", j)).isOk()).isTrue();
    assertThat(loops.kill("k4", ExitReason.NORMAL).isOk()).isTrue();
    assertThat(loops.status("k4")).isNull();
    assertThat(j.with("terminate:k4")).containsExactly("terminate:k4:normal");
    assertThat(loops.kill("k4", ExitReason.KILLED)).isEqualTo(new Reply.NotFound<>("k4"));
  }

  @Test
  void kill_serverHeldAfterItsExit_unavailable_listenerToldOnce() {
    List<ExitReason> exits = new CopyOnWriteArrayList<>();
    Reply<Void> started = loops.startAsync("k5", new Probe("k5", j),
        (name, reason, report) -> exits.add(reason))
        .await(Deadline.after(ServerHost.DEFAULT_TIMEOUT), IdleStrategy.DEFAULT);
    assertThat(started.isOk()).isTrue();

    assertThat(loops.kill("k5", ExitReason.KILLED).isOk()).isTrue();
    assertThat(loops.kill("k5", ExitReason.KILLED)).isInstanceOf(Reply.Unavailable.class);

    assertThat(exits).containsExactly(ExitReason.KILLED);
    assertThat(loops.status("k5")).isEqualTo(ServerStatus.EXITED);
  }
}
