package io.switchboard.examples.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random users, random signal interleavings, random passage of time: once every signal is
 * delivered, calls are never one-sided. A line in a call is ringing or connected, and its peer is
 * in the same call and the same state; in particular connected pairs are symmetric.
 */
class LineProperties {
  private static final List<String> LINES = List.of("line-0", "line-1", "line-2", "line-3");

  /** One thing that happens in the exchange. */
  sealed interface Move {}

  /** A user does something ({@code kind}: 0 off_hook, 1 dial, 2 answer, 3 on_hook). */
  record Press(int line, int kind, int target) implements Move {
    LineEvent.Input input() {
      return switch (kind) {
        case 0 -> LineEvent.OFF_HOOK;
        case 1 -> new LineEvent.Dial(LINES.get(target));
        case 2 -> LineEvent.ANSWER;
        default -> LineEvent.ON_HOOK;
      };
    }

    @Override
    public String toString() {
      return LINES.get(line) + ":" + input();
    }
  }

  /** A user lifts the handset and dials at once (off_hook, then dial). */
  record Call(int line, int target) implements Move {
    @Override
    public String toString() {
      return LINES.get(line) + ":call " + LINES.get(target);
    }
  }

  /** The network delivers the oldest signal of one (sender, receiver) channel. */
  record Deliver(int channel) implements Move {}

  /** Time passes on every line. */
  record Wait(int seconds) implements Move {}

  @Property(tries = 500)
  void randomCalls_allSignalsDelivered_callsAreTwoSided(@ForAll("moves") List<Move> moves) {
    SimulatedExchange x = new SimulatedExchange(LINES.toArray(String[]::new));
    boolean connectedOnce = false;
    for (Move m : moves) {
      if (m instanceof Press p) {
        x.input(LINES.get(p.line()), p.input());
      } else if (m instanceof Call c) {
        x.input(LINES.get(c.line()), LineEvent.OFF_HOOK);
        x.input(LINES.get(c.line()), new LineEvent.Dial(LINES.get(c.target())));
      } else if (m instanceof Deliver d) {
        x.deliver(d.channel());
      } else if (m instanceof Wait w) {
        x.advance(Duration.ofSeconds(w.seconds()));
      }
      connectedOnce |= LINES.stream().anyMatch(l -> x.line(l).state() == LineState.CONNECTED);
    }
    Statistics.label("a call was connected").collect(connectedOnce);
    Statistics.label("a call was connected").coverage(c -> c.check(true).percentage(p -> p > 15));
    x.settle();
    assertTwoSided(x);
    x.advance(Duration.ofMinutes(2)); // let every ring and dial timeout fire
    x.settle();
    assertTwoSided(x);
    for (String line : LINES) {
      assertThat(x.line(line).exit()).as(line + " never crashes").isEmpty();
    }
  }

  private static void assertTwoSided(SimulatedExchange x) {
    for (String line : LINES) {
      LineState state = x.line(line).state();
      LineData data = x.line(line).data();
      if (data.call() == null) {
        assertThat(state).as(line).isIn(LineState.IDLE, LineState.OFF_HOOK);
        continue;
      }
      String peer = data.peer(line);
      assertThat(state).as(line + " in a call once settled").isIn(LineState.RINGING,
          LineState.CONNECTED);
      assertThat(x.line(peer).data().call()).as(peer + " is in the same call as " + line)
          .isEqualTo(data.call());
      assertThat(x.line(peer).state()).as(peer + " in the same state as " + line)
          .isEqualTo(state);
    }
  }

  @Provide
  Arbitrary<List<Move>> moves() {
    // hanging up and long waits end calls: make them rarer so many runs reach "connected"
    Arbitrary<Integer> kind = Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(3, 1),
        Tuple.of(3, 2), Tuple.of(1, 3));
    Arbitrary<Move> press = Combinators.combine(Arbitraries.integers().between(0, 3), kind,
        Arbitraries.integers().between(0, 3)).as(Press::new);
    Arbitrary<Move> call = Combinators.combine(Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, 3)).as(Call::new);
    Arbitrary<Move> deliver = Arbitraries.integers().between(0, 11).map(Deliver::new);
    Arbitrary<Move> wait = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.integers().between(0, 10)),
        Tuple.of(1, Arbitraries.integers().between(25, 40))).map(Wait::new);
    return Arbitraries.frequencyOf(Tuple.of(6, press), Tuple.of(2, call), Tuple.of(8, deliver),
            Tuple.of(1, wait))
        .list().ofMinSize(20).ofMaxSize(80);
  }
}
