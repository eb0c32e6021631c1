package io.switchboard.supervisor;

import static io.switchboard.supervisor.SupervisorFixtures.settle;
import static io.switchboard.supervisor.SupervisorFixtures.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.SupervisorFixtures.Journal;
import io.switchboard.supervisor.SupervisorFixtures.Probe;
import io.switchboard.supervisor.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * A real supervision tree on event loops against a small pure model of OTP's rules
 * ({@link OtpModel}): random trees (strategies, restart types, intensities, nested and dynamic
 * children) and random sequences of child crashes and exits over a manual clock must give the same
 * starts per worker, the same running set, the same escalations and the same final statuses.
 *
 * <p>Every wait inside is bounded (5 s), so a broken supervisor fails the property rather than
 * hanging it (jqwik has no per-try timeout).
 */
class SupervisorPropertyTest {
  private static final String[] EXITS = {"crash", "crash", "normal", "shutdown"};

  @Property(tries = 100)
  void randomTreesAndExits_matchTheOtpModel(@ForAll long seed) {
    Random rnd = new Random(seed);
    ManualClock clock = new ManualClock();
    Journal journal = new Journal();
    List<String> gaveUp = new CopyOnWriteArrayList<>();
    AtomicInteger exits = new AtomicInteger();
    AtomicInteger ids = new AtomicInteger();
    OtpModel.Spec rootSpec = OtpModel.randomTree(rnd, 0, ids);
    OtpModel model = new OtpModel(rootSpec, "root");

    try (EventLoopGroup loops = EventLoopGroup.start("prop", 2, b -> b.clock(clock))) {
      Supervisor root = Supervisor.builder("root", loops, toSpec(rootSpec, journal))
          .clock(clock)
          .listener(new SupervisorListener() {
            @Override
            public void childExited(String s, String child, ExitReason reason) {
              exits.incrementAndGet();
            }

            @Override
            public void gaveUp(String supervisor) {
              gaveUp.add(supervisor);
            }
          })
          .build();
      assertThat(root.start().isOk()).as("start of %s", rootSpec).isTrue();
      model.start();
      startDynamicChildren(root, model.root, model);
      settle(root);
      compare(model, root, loops, journal, gaveUp, "after start");

      int step = 0;
      for (; step < 25 && model.root.running; step++) {
        clock.advance(Duration.ofMillis(rnd.nextInt(7) * 1000L)); // 0–6 s: windows slide
        List<String> running = model.runningWorkers();
        if (running.isEmpty()) {
          break;
        }
        String id = running.get(rnd.nextInt(running.size()));
        String exit = EXITS[rnd.nextInt(EXITS.length)];
        int before = exits.get();
        Reply<Object> r = loops.call(id, exit);
        assertThat(r.isOk()).as("%s %s: %s", id, exit, r).isEqualTo(!exit.equals("crash"));
        until(() -> exits.get() > before, () -> "the exit of " + id + " to be handled");
        settle(root);
        model.exit(id, exit.equals("crash") ? ExitReason.crash(new IllegalStateException())
            : exit.equals("normal") ? ExitReason.NORMAL : ExitReason.SHUTDOWN, clock.nanoTime());
        compare(model, root, loops, journal, gaveUp, "step " + step + ": " + exit + " of " + id
            + " in " + rootSpec);
      }
      Statistics.label("escalations").collect(gaveUp.size() > 2 ? "3+" : gaveUp.size());
      Statistics.label("root gave up").collect(!model.root.running);
      Statistics.label("steps").collect(step < 5 ? "<5" : step < 25 ? "5-24" : "25");
      root.stop();
    }
  }

  private static void startDynamicChildren(Supervisor sup, OtpModel.Node node, OtpModel model) {
    for (OtpModel.Node c : List.copyOf(node.children)) {
      if (c.spec.supervisor && c.running) {
        startDynamicChildren(sup.childSupervisor(c.spec.id).orThrow(), c, model);
      }
    }
    for (String name : node.spec.dynamic) {
      assertThat(sup.startChild(name).isOk()).isTrue();
      model.startDynamic(node, name);
    }
  }

  private static SupervisorSpec toSpec(OtpModel.Spec s, Journal j) {
    List<ChildSpec> children = new ArrayList<>();
    for (OtpModel.Spec c : s.children) {
      ChildSpec cs = c.supervisor ? ChildSpec.supervisor(c.id, toSpec(c, j))
          : s.strategy == Strategy.SIMPLE_ONE_FOR_ONE
              ? ChildSpec.template(c.id, name -> new Probe(name, j))
              : ChildSpec.worker(c.id, () -> new Probe(c.id, j));
      children.add(cs.withRestart(c.restart));
    }
    return new SupervisorSpec(s.strategy, s.intensity, OtpModel.PERIOD, children);
  }

  private static void compare(OtpModel model, Supervisor root, EventLoopGroup loops,
      Journal journal, List<String> gaveUp, String when) {
    TreeMap<String, Integer> actualStarts = new TreeMap<>();
    TreeMap<String, String> actualStatus = new TreeMap<>();
    for (String id : model.starts.keySet()) {
      actualStarts.put(id, journal.inits(id));
      ServerStatus st = loops.status(id);
      actualStatus.put(id, st == null ? "down" : st.name());
    }
    assertThat(actualStarts).as("starts per worker %s", when).isEqualTo(model.starts);
    assertThat(actualStatus).as("host status per worker %s", when)
        .isEqualTo(model.hostStatus());
    assertThat(gaveUp).as("escalations %s", when).isEqualTo(model.gaveUp);
    assertThat(root.status() == ChildStatus.RUNNING).as("root running %s", when)
        .isEqualTo(model.root.running);
    List<String> actual = statuses(root.snapshot().orThrow(), "");
    List<String> expected = model.statuses();
    actual.sort(null); // dynamic children have no order
    expected.sort(null);
    assertThat(actual).as("tree statuses %s", when).isEqualTo(expected);
  }

  /** path=status for every node, not descending into stopped supervisors. */
  private static List<String> statuses(TreeSnapshot s, String parent) {
    List<String> out = new ArrayList<>();
    String path = parent.isEmpty() ? s.id() : parent + "/" + s.id();
    out.add(path + "=" + s.status().label());
    if (s.status() == ChildStatus.RUNNING) {
      for (TreeSnapshot c : s.children()) {
        out.addAll(statuses(c, path));
      }
    }
    return out;
  }
}
