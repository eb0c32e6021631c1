package io.switchboard.supervisor;

import static io.switchboard.supervisor.SupervisorFixtures.probe;
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

  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (int intensity : new int[] {1, 0}) {
      for (String row : TABLE) {
        String[] f = row.trim().split("\\s+");
        Set<String> restarted = f[3].equals("-") ? Set.of()
            : Set.copyOf(Arrays.asList(f[3].split(",")));
        out.add(Arguments.of(Strategy.valueOf(f[0]), Restart.valueOf(f[1]), f[2], restarted, f[4],
            intensity));
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
    SupervisorSpec spec = strategy == Strategy.SIMPLE_ONE_FOR_ONE
        ? SupervisorSpec.simpleOneForOne(
            ChildSpec.template("t", n -> new Probe(n, j)).withRestart(restart))
        : SupervisorSpec.of(strategy, List.of(probe(p + "a", j),
            probe(p + "b", j).withRestart(restart), probe(p + "c", j)));
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

    Reply<Object> r = loops.call(p + "b", reason);
    assertThat(r.isOk()).isEqualTo(!reason.equals("crash"));
    until(() -> exits.get() == 1, () -> "the exit of b to be handled");
    settle(sup);

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
