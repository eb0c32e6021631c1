package io.switchboard.bench.restart;

import java.util.List;

/**
 * What one {@link RestartProbe} run measured (times in microseconds).
 *
 * @param host how the counter was supervised (see {@link RestartProbe})
 * @param logging the crash-logging configuration
 * @param restarts how many crash+restart cycles were recorded (after the warm-up)
 * @param p50 crash → restarted, median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max the slowest
 * @param callerP50 crashing call issued → next call answered, median (two round-trips included)
 * @param callerP99 the same, 99th percentile
 * @param rawP50 the raw floor: throw from {@code step}, catch, re-run {@code init} on one thread,
 *     no loop and no logging — median
 * @param rawP99 the raw floor, 99th percentile
 * @param flatness p50 of the last 1 000 restarts ÷ p50 of the first 1 000
 * @param crashes crashes in the run, warm-up included
 * @param logLines crash reports found in the crash log file (0 with logging off)
 * @param logDropped crash-log lines the supervisor's bounded writer dropped (−1: not known)
 * @param bucketEnds restart index at the end of each bucket (for the chart)
 * @param bucketP50 p50 per bucket
 * @param bucketP99 p99 per bucket
 */
public record RestartProbeResult(
    String host,
    String logging,
    int restarts,
    double p50,
    double p90,
    double p99,
    double p999,
    double max,
    double callerP50,
    double callerP99,
    double rawP50,
    double rawP99,
    double flatness,
    long crashes,
    long logLines,
    long logDropped,
    List<Double> bucketEnds,
    List<Double> bucketP50,
    List<Double> bucketP99) {}
