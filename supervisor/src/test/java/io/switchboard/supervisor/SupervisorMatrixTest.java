package io.switchboard.supervisor;

import static io.switchboard.supervisor.SupervisorFixtures.settle;
import static io.switchboard.supervisor.SupervisorFixtures.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.SupervisorFixtures.Journal;
import io.switchboard.supervisor.SupervisorFixtures.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OTP's matrix on a real supervisor over event loops: strategy × restart type × exit reason of
 * the middle child {@code b} of {@code [a, b, c]} → which children are restarted, what becomes of
 * {@code b}, and whether the supervisor survives (intensity 1) or gives up (intensity 0).
 *
 * <p>The table's reasons are exits from {@code b}'s own step. {@code supervisor.erl} decides by the
 * exit reason alone, whoever caused it, so the other ways to exit ({@link #SAME_AS}) must give the
 * table's answer for their reason; besides, abnormal self-stops are reported as crashes
 * ({@code gen_server.erl}) and an external {@code kill} runs no {@code terminate}. Last, the
 * {@link #IGNORE} table: {@code b}'s start function returns {@code ignore}.
 */
@Timeout(60)
class SupervisorMatrixTest {
  private static EventLoopGroup loops;
  private static final AtomicInteger SEQ = new AtomicInteger();

  @BeforeAll
  static void startLoops() {
    loops = EventLoopGroup.start("matrix", 2, b -> b);
  }

  @AfterAll
  static void stopLoops() {
    loops.close();
  }

  /** strategy, restart type of b, reason, children restarted, what b is after. */
  private static final String[] TABLE = {
    "ONE_FOR_ONE  PERMANENT normal   b     running",
    "ONE_FOR_ONE  PERMANENT shutdown b     running",
    "ONE_FOR_ONE  PERMANENT crash    b     running",
    "ONE_FOR_ONE  TRANSIENT normal   -     stopped",
    "ONE_FOR_ONE  TRANSIENT shutdown -     stopped",
    "ONE_FOR_ONE  TRANSIENT crash    b     running",
    "ONE_FOR_ONE  TEMPORARY normal   -     removed",
    "ONE_FOR_ONE  TEMPORARY shutdown -     removed",
    "ONE_FOR_ONE  TEMPORARY crash    -     removed",
    "ONE_FOR_ALL  PERMANENT normal   a,b,c running",
    "ONE_FOR_ALL  PERMANENT shutdown a,b,c running",
    "ONE_FOR_ALL  PERMANENT crash    a,b,c running",
    "ONE_FOR_ALL  TRANSIENT normal   -     stopped",
    "ONE_FOR_ALL  TRANSIENT shutdown -     stopped",
    "ONE_FOR_ALL  TRANSIENT crash    a,b,c running",
    "ONE_FOR_ALL  TEMPORARY normal   -     removed",
    "ONE_FOR_ALL  TEMPORARY shutdown -     removed",
    "ONE_FOR_ALL  TEMPORARY crash    -     removed",
    "REST_FOR_ONE PERMANENT normal   b,c   running",
    "REST_FOR_ONE PERMANENT shutdown b,c   running",
    "REST_FOR_ONE PERMANENT crash    b,c   running",
    "REST_FOR_ONE TRANSIENT normal   -     stopped",
    "REST_FOR_ONE TRANSIENT shutdown -     stopped",
    "REST_FOR_ONE TRANSIENT crash    b,c   running",
    "REST_FOR_ONE TEMPORARY normal   -     removed",
    "REST_FOR_ONE TEMPORARY shutdown -     removed",
    "REST_FOR_ONE TEMPORARY crash    -     removed",
    "SIMPLE_ONE_FOR_ONE PERMANENT normal   b running",
    "SIMPLE_ONE_FOR_ONE PERMANENT shutdown b running",
    "SIMPLE_ONE_FOR_ONE PERMANENT crash    b running",
    "SIMPLE_ONE_FOR_ONE TRANSIENT normal   - removed",
    "SIMPLE_ONE_FOR_ONE TRANSIENT shutdown - removed",
    "SIMPLE_ONE_FOR_ONE TRANSIENT crash    b running",
    "SIMPLE_ONE_FOR_ONE TEMPORARY normal   - removed",
    "SIMPLE_ONE_FOR_ONE TEMPORARY shutdown - removed",
    "SIMPLE_ONE_FOR_ONE TEMPORARY crash    - removed",
  };

  /**
   * Other ways for {@code b} to exit → the table reason they must behave as: {@code stop_crash}
   * is gen_server's {@code {stop, Reason, Reply, State}} with an abnormal reason (crash-reported);
   * {@code kill} is {@code exit(B, kill)} (reason {@code killed}, no {@code terminate});
   * {@code exit_shutdown} is {@code exit(B, shutdown)} ({@code terminate} runs).
   */
  private static final Map<String, String> SAME_AS = Map.of(
      "stop_crash", "crash", "kill", "crash", "exit_shutdown", "shutdown");

  /**
   * {@code ignore} from b's start (supervisor.erl {@code {ok, undefined}}): strategy, restart type
   * of b, what b is after — kept as {@code undefined} (stopped) or not kept (temporary children,
   * and dynamic children, which OTP does not save).
   */
  private static final String[] IGNORE = {
    "ONE_FOR_ONE  PERMANENT stopped", "ONE_FOR_ONE  TRANSIENT stopped",
    "ONE_FOR_ONE  TEMPORARY removed",
    "ONE_FOR_ALL  PERMANENT stopped", "ONE_FOR_ALL  TRANSIENT stopped",
    "ONE_FOR_ALL  TEMPORARY removed",
    "REST_FOR_ONE PERMANENT stopped", "REST_FOR_ONE TRANSIENT stopped",
    "REST_FOR_ONE TEMPORARY removed",
    "SIMPLE_ONE_FOR_ONE PERMANENT removed", "SIMPLE_ONE_FOR_ONE TRANSIENT removed",
    "SIMPLE_ONE_FOR_ONE TEMPORARY removed",
  };

  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (int intensity : new int[] {1, 0}) {
      for (String row : TABLE) {
        String[] f = row.trim().split("\\s+");
        Set<String> restarted = f[3].equals("-") ? Set.of()
            : Set.copyOf(Arrays.asList(f[3].split(",")));
        List<String> reasons = new ArrayList<>(List.of(f[2]));
        SAME_AS.forEach((other, same) -> {
          if (same.equals(f[2])) {
            reasons.add(other);
          }
        });
        for (String reason : reasons) {
          out.add(Arguments.of(Strategy.valueOf(f[0]), Restart.valueOf(f[1]), reason, restarted,
              f[4], intensity));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} intensity={5} → {3} b:{4}")
  @MethodSource("matrix")
  void exitOfB_matrix_restartsPerOtp(Strategy strategy, Restart restart, String reason,
      Set<String> restarted, String bAfter, int intensity) {
    String p = "m" + SEQ.incrementAndGet() + "-";
    Journal j = new Journal();
    AtomicInteger exits = new AtomicInteger();
    Supervisor sup = startAbc(p, strategy, restart, intensity, j, exits, false);

    Reply<?> r = switch (reason) {
      case "kill" -> loops.kill(p + "b", ExitReason.KILLED);
      case "exit_shutdown" -> loops.kill(p + "b", ExitReason.SHUTDOWN);
      default -> loops.call(p + "b", reason);
    };
    assertThat(r.isOk()).isEqualTo(!reason.equals("crash"));
    until(() -> exits.get() == 1, () -> "the exit of b to be handled");
    settle(sup);

    boolean reported = reason.equals("crash") || reason.equals("stop_crash");
    assertThat(sup.crashReports().recorded()).as("crash reports").isEqualTo(reported ? 1 : 0);
    List<String> bTerminates = j.with("terminate:" + p + "b:");
    if (reason.equals("kill")) {
      assertThat(bTerminates).as("exit(B, kill) runs no terminate").isEmpty();
    } else if (reason.equals("exit_shutdown")) {
      assertThat(bTerminates).first().isEqualTo("terminate:" + p + "b:shutdown");
    }
    boolean gaveUp = intensity == 0 && !restarted.isEmpty();
    Map<String, Integer> inits = Stream.of("a", "b", "c")
        .collect(Collectors.toMap(id -> id, id -> j.inits(p + id)));
    Map<String, Integer> expected = Stream.of("a", "b", "c").collect(Collectors.toMap(id -> id,
        id -> restarted.contains(id) && !gaveUp ? 2 : 1));
    assertThat(inits).as("inits per child").isEqualTo(expected);

    if (gaveUp) {
      assertThat(sup.status()).isEqualTo(ChildStatus.STOPPED);
      assertThat(sup.exitReason()).isEqualTo(ExitReason.SHUTDOWN);
      for (String id : List.of("a", "b", "c")) {
        assertThat(loops.status(p + id)).as(id).isNull();
      }
      return;
    }
    assertRunningWithB(sup, p, bAfter);
  }

  static Stream<Arguments> ignoreMatrix() {
    List<Arguments> out = new ArrayList<>();
    for (int intensity : new int[] {1, 0}) {
      for (String row : IGNORE) {
        String[] f = row.trim().split("\\s+");
        out.add(Arguments.of(Strategy.valueOf(f[0]), Restart.valueOf(f[1]), f[2], intensity));
      }
    }
    return out.stream();
  }

  /** supervisor.erl: ignore → {ok, undefined}; no exit, no restart, no report, sup runs. */
  @ParameterizedTest(name = "{0} {1} ignore intensity={3} → b:{2}")
  @MethodSource("ignoreMatrix")
  void ignoreOfB_matrix_notRunningSupervisorRuns(Strategy strategy, Restart restart,
      String bAfter, int intensity) {
    String p = "i" + SEQ.incrementAndGet() + "-";
    Journal j = new Journal();
    AtomicInteger exits = new AtomicInteger();
    Supervisor sup = startAbc(p, strategy, restart, intensity, j, exits, true);

    assertThat(j.inits(p + "a") + j.inits(p + "b") + j.inits(p + "c")).isEqualTo(2);
    assertThat(exits).hasValue(0);
    assertThat(sup.crashReports().recorded()).isZero();
    assertThat(sup.countChildren().orThrow().active()).isEqualTo(2);
    assertThat(sup.whichChildren().orThrow()).allSatisfy(c -> assertThat(c.restarts()).isZero());
    assertRunningWithB(sup, p, bAfter);
  }

  /** [a, b, c] started (dynamic ones with startChild, which answers Ok for an ignore too). */
  private static Supervisor startAbc(String p, Strategy strategy, Restart restart, int intensity,
      Journal j, AtomicInteger exits, boolean ignoreB) {
    Function<String, GenServer<?, ?, ?>> start = n -> ignoreB && n.equals(p + "b")
        ? ChildSpec.ignore() : new Probe(n, j);
    SupervisorSpec spec = strategy == Strategy.SIMPLE_ONE_FOR_ONE
        ? SupervisorSpec.simpleOneForOne(ChildSpec.template("t", start).withRestart(restart))
        : SupervisorSpec.of(strategy, List.of(worker(p + "a", start),
            worker(p + "b", start).withRestart(restart), worker(p + "c", start)));
    Supervisor sup = Supervisor.builder(p + "sup", loops,
            spec.withIntensity(intensity, Duration.ofSeconds(5)))
        .listener(new SupervisorListener() {
          @Override
          public void childExited(String s, String child, ExitReason why) {
            exits.incrementAndGet();
          }
        })
        .build();
    assertThat(sup.start().isOk()).isTrue();
    for (String id : List.of("a", "b", "c")) {
      if (strategy == Strategy.SIMPLE_ONE_FOR_ONE) {
        assertThat(sup.startChild(p + id).isOk()).isTrue();
      }
    }
    settle(sup);
    return sup;
  }

  private static ChildSpec worker(String id, Function<String, GenServer<?, ?, ?>> start) {
    return ChildSpec.worker(id, () -> start.apply(id));
  }

  /** The supervisor runs with a and c; b is running, stopped (spec kept) or removed. */
  private static void assertRunningWithB(Supervisor sup, String p, String bAfter) {
    assertThat(sup.status()).isEqualTo(ChildStatus.RUNNING);
    assertThat(loops.status(p + "a")).isEqualTo(ServerStatus.RUNNING);
    assertThat(loops.status(p + "c")).isEqualTo(ServerStatus.RUNNING);
    Map<String, ChildStatus> which = sup.whichChildren().orThrow().stream()
        .collect(Collectors.toMap(ChildInfo::id, ChildInfo::status));
    switch (bAfter) {
      case "running" -> {
        assertThat(loops.status(p + "b")).isEqualTo(ServerStatus.RUNNING);
        assertThat(which).containsEntry(p + "b", ChildStatus.RUNNING);
      }
      case "stopped" -> {
        assertThat(loops.status(p + "b")).isNull();
        assertThat(which).containsEntry(p + "b", ChildStatus.STOPPED);
      }
      default -> {
        assertThat(loops.status(p + "b")).isNull();
        assertThat(which).doesNotContainKey(p + "b");
      }
    }
    assertThat(sup.stop().isOk()).isTrue();
  }
}
