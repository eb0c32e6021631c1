package io.switchboard.bench.report;

import io.switchboard.bench.model.Goal;
import io.switchboard.bench.model.Goal.Direction;
import java.util.List;
import java.util.Optional;

/**
 * The goals table of issue 10, row by row, with the Erlang/OTP 25 (2 schedulers) and Pekko 1.7
 * reference figures measured on this machine class, and the Raft design's rows of issue 14
 * (failover at scale, the cost of replication). The figure ids are those the suites emit.
 */
public final class Goals {
  public static final String CALL_P50 = "call.p50";
  public static final String CALL_P99 = "call.p99";
  public static final String CALL_RATE = "call.rate";
  public static final String CAST_RATE = "cast.rate";
  public static final String FANOUT_RATE = "fanout.rate";
  public static final String MEMORY_1M = "memory.counter.1000000";
  public static final String START_1M = "start.counter.1000000";
  public static final String RESTART_P50 = "restart.p50";
  public static final String RESTART_P99 = "restart.p99";
  public static final String RESTART_FLAT = "restart.flatness";
  public static final String FORWARD_HOP = "forward.hop-ratio";
  public static final String FAILOVER_KILL9_P99 = "failover.kill9.p99";
  public static final String FAILOVER_STOP_P99 = "failover.stop.p99";
  public static final String FAILOVER_SCALE_P99 = "failover.scale.p99";
  public static final String FAILOVER_SCALE_RATIO = "failover.scale.ratio";
  public static final String LOST_WRITES = "failover.lost-writes";
  public static final String REPLICATION_COST = "replication.cost-ratio";
  public static final String REPLICATION_RATE = "replication.rate-ratio";
  public static final String FIRST_CALL = "replication.first-call-ratio";

  private static final String LOCAL = "local-call";
  private static final String MEMORY = "memory";
  private static final String RESTART = "restart";
  private static final String FAILOVER = "failover";
  private static final String REPLICATION = "replication";

  /** Every goal, in the order. */
  public static final List<Goal> ALL = List.of(
      new Goal(CALL_P50, LOCAL, "local call round-trip p50", Direction.AT_MOST, 2, "µs",
          "2.2 µs (gen_server:call)", "12.3 µs (ask)"),
      new Goal(CALL_P99, LOCAL, "local call round-trip p99", Direction.AT_MOST, 5, "µs",
          "3.4 µs", "23 µs"),
      new Goal(CALL_RATE, LOCAL, "calls/s, 1 caller → 1 server", Direction.AT_LEAST, 1,
          "M/s", "0.52 M/s", "—"),
      new Goal(CAST_RATE, "cast", "casts/s into one server", Direction.AT_LEAST, 11, "M/s",
          "5.6 M/s", "1.8 M/s (tell)"),
      new Goal(FANOUT_RATE, "fanout", "event fan-out to 3 handlers", Direction.AT_LEAST, 8,
          "M/s", "0.82 M/s (gen_event)", "—"),
      new Goal(MEMORY_1M, MEMORY, "memory per idle server, 1 M servers", Direction.AT_MOST,
          0.9, "KiB", "2.75 KB", "0.96 KB"),
      new Goal(START_1M, MEMORY, "start 1 M servers", Direction.AT_MOST, 1, "s",
          "4.8 s (11 s supervised)", "7.9 s"),
      new Goal(RESTART_P50, RESTART, "restart after crash p50, crash logging on",
          Direction.AT_MOST, 10, "µs", "12 µs logging off; 266 µs default logging", "—"),
      new Goal(RESTART_P99, RESTART, "restart after crash p99, crash logging on",
          Direction.AT_MOST, 30, "µs", "30 µs logging off; 484 µs default logging", "—"),
      new Goal(RESTART_FLAT, RESTART,
          "restart flat over 10 000 restarts (p50 last 1 000 ÷ first 1 000)",
          Direction.AT_MOST, 1.5, "×", "—", "—"),
      new Goal(FORWARD_HOP, "cross-node",
          "cross-node call: forwarding hop ÷ one raw gRPC unary call", Direction.AT_MOST, 1.2,
          "×", "—", "—"),
      new Goal(FAILOVER_KILL9_P99, FAILOVER, "failover after kill -9 of the owner, p99",
          Direction.BELOW, 1, "s", "—", "47 s default, 6 s tuned (split-brain resolver)"),
      new Goal(FAILOVER_STOP_P99, FAILOVER, "failover after kill -STOP of the owner, p99",
          Direction.BELOW, 2, "s", "—", "—"),
      new Goal(FAILOVER_SCALE_P99, FAILOVER,
          "failover after kill -9, p99 over the victim's names, 10 000 names/node",
          Direction.BELOW, 1, "s", "—", "—"),
      Goal.within(FAILOVER_SCALE_RATIO, FAILOVER,
          "failover p99 at 10 000 names/node ÷ at 10 names/node", 0.8, 1.2, "×", "—", "—"),
      new Goal(LOST_WRITES, FAILOVER, "lost acknowledged writes (replicated counters)",
          Direction.AT_MOST, 0, "writes", "—", "—"),
      new Goal(REPLICATION_COST, REPLICATION,
          "replicated call via the leader p50 ÷ (fsync p50 + gRPC round trip p50)",
          Direction.AT_MOST, 1, "×", "—", "—"),
      new Goal(REPLICATION_RATE, REPLICATION, "increments/s, 16 callers: REPLICATED ÷ NONE",
          Direction.AT_LEAST, 0.5, "×", "—", "—"),
      new Goal(FIRST_CALL, REPLICATION,
          "first call to a new name ÷ call to an active one, p50 (REPLICATED)",
          Direction.AT_MOST, 3, "×", "—", "—"));

  private Goals() {}

  /** The goal judged on the figure {@code id}, if any. */
  public static Optional<Goal> forFigure(String id) {
    return ALL.stream().filter(g -> g.id().equals(id)).findFirst();
  }
}
