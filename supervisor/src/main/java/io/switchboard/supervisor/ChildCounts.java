package io.switchboard.supervisor;

/**
 * OTP's {@code count_children}. For {@link Strategy#SIMPLE_ONE_FOR_ONE}, {@code specs} is 1 and
 * {@code workers}/{@code supervisors} count the dynamic children.
 *
 * @param specs child specs
 * @param active children running (or starting)
 * @param supervisors children that are supervisors
 * @param workers children that are workers
 */
public record ChildCounts(int specs, int active, int supervisors, int workers) {}
