package io.switchboard.supervisor;

import static io.switchboard.supervisor.SupervisorFixtures.probe;
import static io.switchboard.supervisor.SupervisorFixtures.settle;
import static io.switchboard.supervisor.SupervisorFixtures.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.SupervisorFixtures.Journal;
import io.switchboard.supervisor.SupervisorFixtures.Probe;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ignore} from a start function (OTP {@code supervisor.erl}, {@code do_start_child_i}:
 * {@code ignore -> {ok, undefined}}): the child is not running, the supervisor keeps running,
 * the spec is kept with an {@code undefined} pid (temporary and dynamic children are not kept).
 */
@Timeout(30)
class SupervisorIgnoreTest {
  private final Journal j = new Journal();
  private EventLoopGroup loops;

  @BeforeEach
  void start() {
    loops = EventLoopGroup.start("ign", 2, b -> b);
  }

  @AfterEach
  void stop() {
    loops.close();
  }

  private ChildSpec ignoring(String id, AtomicBoolean ignore) {
    return ChildSpec.worker(id, () -> ignore.get() ? ChildSpec.ignore() : new Probe(id, j));
  }

  private static ChildInfo info(Supervisor s, String id) {
    return s.whichChildren().orThrow().stream().filter(c -> c.id().equals(id)).findFirst()
        .orElseThrow();
  }

  /** supervisor.erl start_children: ignore → {ok, undefined}; the start goes on. */
  @Test
  void start_childIgnores_supervisorRunsChildKeptUndefined_notARestart() {
    Supervisor sup = Supervisor.builder("i1", loops, SupervisorSpec.oneForOne(
        probe("i1-a", j), ignoring("i1-b", new AtomicBoolean(true)), probe("i1-c", j))
        .withIntensity(0, Duration.ofSeconds(5))).build();

    assertThat(sup.start()).isEqualTo(Reply.ok(null));

    settle(sup);
    assertThat(sup.status()).isEqualTo(ChildStatus.RUNNING);
    assertThat(loops.status("i1-a")).isEqualTo(ServerStatus.RUNNING);
    assertThat(loops.status("i1-b")).isNull();
    assertThat(loops.status("i1-c")).isEqualTo(ServerStatus.RUNNING);
    assertThat(info(sup, "i1-b")).isEqualTo(
        new ChildInfo("i1-b", ChildType.WORKER, ChildStatus.STOPPED, info(sup, "i1-b").loop(), 0,
            null));
    assertThat(sup.countChildren().orThrow()).isEqualTo(new ChildCounts(3, 2, 0, 3));
    assertThat(sup.crashReports().recorded()).isZero();
    sup.stop();
  }

  /** supervisor.erl start_children: {ok, undefined} when ?is_temporary(Child) → remove. */
  @Test
  void start_temporaryChildIgnores_forgotten() {
    Supervisor sup = Supervisor.builder("i2", loops, SupervisorSpec.oneForOne(
        probe("i2-a", j),
        ignoring("i2-b", new AtomicBoolean(true)).withRestart(Restart.TEMPORARY))).build();
    assertThat(sup.start().isOk()).isTrue();
    assertThat(sup.whichChildren().orThrow()).extracting(ChildInfo::id).containsExactly("i2-a");
    sup.stop();
  }

  /** supervisor.erl handle_start_child: {ok, undefined} is saved → already_present; restart_child. */
  @Test
  void startChild_ignores_okAndKept_restartChildStartsItOnceTheStartAgrees() {
    Supervisor sup = Supervisor.builder("i3", loops, SupervisorSpec.oneForOne(probe("i3-a", j)))
        .build();
    assertThat(sup.start().isOk()).isTrue();
    AtomicBoolean ignore = new AtomicBoolean(true);

    assertThat(sup.startChild(ignoring("i3-b", ignore))).isEqualTo(Reply.ok(null));
    assertThat(info(sup, "i3-b").status()).isEqualTo(ChildStatus.STOPPED);
    assertThat(sup.startChild(ignoring("i3-b", ignore)))
        .isEqualTo(new Reply.InvalidInput<>("already_present"));

    ignore.set(false);
    assertThat(sup.restartChild("i3-b").isOk()).isTrue();
    assertThat(loops.status("i3-b")).isEqualTo(ServerStatus.RUNNING);
    assertThat(info(sup, "i3-b").status()).isEqualTo(ChildStatus.RUNNING);
    sup.stop();
  }

  /** supervisor.erl handle_start_child (simple_one_for_one): {ok, undefined}, nothing kept. */
  @Test
  void startChild_simpleOneForOne_ignores_okNothingKept() {
    Supervisor sup = Supervisor.builder("i4", loops, SupervisorSpec.simpleOneForOne(
        ChildSpec.template("t", n -> n.startsWith("skip") ? ChildSpec.ignore() : new Probe(n, j))))
        .build();
    assertThat(sup.start().isOk()).isTrue();
    assertThat(sup.startChild("skip-1")).isEqualTo(Reply.ok(null));
    assertThat(sup.ensureChild("skip-2")).isEqualTo(Reply.ok(null));
    assertThat(sup.startChild("run-1").isOk()).isTrue();
    assertThat(sup.whichChildren().orThrow()).extracting(ChildInfo::id).containsExactly("run-1");
    assertThat(sup.countChildren().orThrow()).isEqualTo(new ChildCounts(1, 1, 0, 1));
    sup.stop();
  }

  /** supervisor.erl restart (one_for_all): a sibling whose fresh start ignores stays undefined. */
  @Test
  void groupRestart_siblingIgnores_staysStopped_theOthersRun() {
    AtomicBoolean ignore = new AtomicBoolean(false);
    Supervisor sup = Supervisor.builder("i5", loops, SupervisorSpec.oneForAll(
        probe("i5-a", j), ignoring("i5-b", ignore), probe("i5-c", j))).build();
    assertThat(sup.start().isOk()).isTrue();
    ignore.set(true);

    loops.call("i5-a", "crash");

    until(() -> j.inits("i5-c") == 2, () -> "the group restart");
    settle(sup);
    assertThat(sup.status()).isEqualTo(ChildStatus.RUNNING);
    assertThat(loops.status("i5-b")).isNull();
    assertThat(info(sup, "i5-b").status()).isEqualTo(ChildStatus.STOPPED);
    assertThat(loops.status("i5-a")).isEqualTo(ServerStatus.RUNNING);
    assertThat(loops.status("i5-c")).isEqualTo(ServerStatus.RUNNING);
    sup.stop();
  }

  @Test
  void ignoreMarker_hostedDirectly_refusedByItsInit() {
    Reply<Void> r = loops.start("i6", ChildSpec.ignore());
    assertThat(r).isInstanceOf(Reply.Crashed.class);
    assertThat(((Reply.Crashed<Void>) r).reason()).contains("not a server to host");
    assertThat(loops.status("i6")).isNull();
  }
}
