package io.switchboard.bench.model;

/**
 * One row of the goals table of issue 10: what Switchboard aims at, beside what Erlang/OTP and
 * Pekko reach on the same class of machine (reference figures, not measured by this harness).
 *
 * @param id the {@link Figure#id()} judged against this goal
 * @param suite the suite that measures that figure
 * @param label the row's name
 * @param direction whether the figure must stay below, reach or stay within the target
 * @param target the goal, in {@code unit} (the lower bound for {@link Direction#WITHIN})
 * @param unit the unit of {@code target} and of the figure
 * @param erlang the Erlang/OTP reference, as text ({@code —} if none)
 * @param pekko the Pekko reference, as text ({@code —} if none)
 * @param upper the upper bound for {@link Direction#WITHIN}; NaN for the other directions
 */
public record Goal(
    String id,
    String suite,
    String label,
    Direction direction,
    double target,
    String unit,
    String erlang,
    String pekko,
    double upper) {

  public Goal {
    if ((direction == Direction.WITHIN) == Double.isNaN(upper)) {
      throw new IllegalArgumentException("goal " + id + ": an upper bound goes with WITHIN, "
          + "and only with it (use Goal.within)");
    }
  }

  /** A goal with one bound ({@link Direction#AT_MOST}, {@link Direction#AT_LEAST}, …). */
  public Goal(String id, String suite, String label, Direction direction, double target,
      String unit, String erlang, String pekko) {
    this(id, suite, label, direction, target, unit, erlang, pekko, Double.NaN);
  }

  /** A goal met by a figure from {@code low} to {@code high}, both included. */
  public static Goal within(String id, String suite, String label, double low, double high,
      String unit, String erlang, String pekko) {
    return new Goal(id, suite, label, Direction.WITHIN, low, unit, erlang, pekko, high);
  }

  /** Which side of the target is good. */
  public enum Direction {
    AT_MOST("≤"),
    AT_LEAST("≥"),
    BELOW("<"),
    /** From {@link Goal#target} to {@link Goal#upper}, both included. */
    WITHIN("within");

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
      case WITHIN -> value >= target && value <= upper;
    };
  }

  /** The goal as text, e.g. {@code ≤ 2 µs} or {@code 0.8–1.2 ×}. */
  public String text() {
    if (direction == Direction.WITHIN) {
      return Numbers.format(target) + "–" + Numbers.format(upper) + " " + unit;
    }
    return direction.symbol() + " " + Numbers.format(target) + " " + unit;
  }
}
