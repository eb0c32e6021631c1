package io.switchboard.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a supervisor supervises and how (OTP's supervisor flags plus child specs). Immutable.
 *
 * <p>Defaults (OTP's): intensity {@value #DEFAULT_INTENSITY} restart in {@link #DEFAULT_PERIOD}
 * (5 s), a sliding window. Children start left to right (list order) and stop right to left.
 *
 * @param strategy the restart strategy
 * @param intensity restarts allowed within {@code period} (&gt;= 0); one more and the supervisor
 *     gives up: it stops all its children and exits with {@code shutdown}
 * @param period the window for {@code intensity}, &gt; 0
 * @param children the child specs in start order; for {@link Strategy#SIMPLE_ONE_FOR_ONE}
 *     exactly one, the template
 */
public record SupervisorSpec(
    Strategy strategy, int intensity, Duration period, List<ChildSpec> children) {

  public static final int DEFAULT_INTENSITY = 1;
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);

  public SupervisorSpec {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(period, "period");
    children = List.copyOf(children);
    if (intensity < 0) {
      throw new IllegalArgumentException("intensity is >= 0, got " + intensity);
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period is > 0, got " + period);
    }
    if (strategy == Strategy.SIMPLE_ONE_FOR_ONE && children.size() != 1) {
      throw new IllegalArgumentException("simple_one_for_one takes exactly one template child "
          + "spec, got " + children.size());
    }
    Set<String> ids = new HashSet<>();
    for (ChildSpec c : children) {
      if (!ids.add(c.id())) {
        throw new IllegalArgumentException("duplicate child id '" + c.id() + "'");
      }
    }
  }

  /** {@code strategy} over {@code children} with the default intensity and period. */
  public static SupervisorSpec of(Strategy strategy, List<ChildSpec> children) {
    return new SupervisorSpec(strategy, DEFAULT_INTENSITY, DEFAULT_PERIOD, children);
  }

  public static SupervisorSpec oneForOne(ChildSpec... children) {
    return of(Strategy.ONE_FOR_ONE, List.of(children));
  }

  public static SupervisorSpec oneForAll(ChildSpec... children) {
    return of(Strategy.ONE_FOR_ALL, List.of(children));
  }

  public static SupervisorSpec restForOne(ChildSpec... children) {
    return of(Strategy.REST_FOR_ONE, List.of(children));
  }

  /** Dynamic children started from {@code template} ({@link Supervisor#startChild(String)}). */
  public static SupervisorSpec simpleOneForOne(ChildSpec template) {
    return of(Strategy.SIMPLE_ONE_FOR_ONE, List.of(template));
  }

  /** At most {@code intensity} restarts within {@code period}. */
  public SupervisorSpec withIntensity(int intensity, Duration period) {
    return new SupervisorSpec(strategy, intensity, period, children);
  }

  /** One more child, started after the others. */
  public SupervisorSpec withChild(ChildSpec child) {
    List<ChildSpec> more = new ArrayList<>(children);
    more.add(child);
    return new SupervisorSpec(strategy, intensity, period, more);
  }

  /** The template of a {@link Strategy#SIMPLE_ONE_FOR_ONE} supervisor. */
  public ChildSpec template() {
    if (strategy != Strategy.SIMPLE_ONE_FOR_ONE) {
      throw new IllegalStateException("only simple_one_for_one has a template");
    }
    return children.get(0);
  }
}
