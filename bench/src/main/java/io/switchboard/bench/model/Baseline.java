package io.switchboard.bench.model;

/**
 * A raw reference measured in the same run as the figure it stands beside (same machine, same
 * load), so that the ratio is meaningful even when absolute numbers are noisy.
 *
 * @param label what was measured, e.g. {@code ArrayBlockingQueue ping-pong}
 * @param value in the unit of the figure it belongs to
 */
public record Baseline(String label, double value) {}
