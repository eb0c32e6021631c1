package io.switchboard.bench.model;

/**
 * One row of the goals table of issue 10: what Switchboard aims at, beside what Erlang/OTP and
 * Pekko reach on the same class of machine (reference figures, not measured by this harness).
 *
 * @param id the {@link Figure#id()} judged against this goal
 * @param suite the suite that measures that figure
 * @param label the row's name
 * @param direction whether the figure must stay below or reach the target
 * @param target the goal, in {@code unit}
 * @param unit the unit of {@code target} and of the figure
 * @param erlang the Erlang/OTP reference, as text ({@code —} if none)
 * @param pekko the Pekko reference, as text ({@code —} if none)
 */
public record Goal(
    String id,
    String suite,
    String label,
    Direction direction,
    double target,
    String unit,
    String erlang,
    String pekko) {

  /** Which side of the target is good. */
  public enum Direction {
    AT_MOST("≤"),
    AT_LEAST("≥"),
    BELOW("<");

    private final String symbol;

    Direction(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /** True when {@code value} meets the goal. */
  public boolean isMetBy(double value) {
    return switch (direction) {
      case AT_MOST -> value <= target;
      case AT_LEAST -> value >= target;
      case BELOW -> value < target;
    };
  }

  /** The goal as text, e.g. {@code ≤ 2 µs}. */
  public String text() {
    return direction.symbol() + " " + Numbers.format(target) + " " + unit;
  }
}
