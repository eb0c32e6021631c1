package io.switchboard.bench.memory;

/**
 * What one {@link MemoryProbe} run measured.
 *
 * @param kind what was started (see {@link MemoryProbe})
 * @param count how many
 * @param bytesEach heap after GC, minus the heap before the first start, divided by {@code count}
 * @param startSeconds wall time from the first start to the last {@code init} done
 * @param heapBeforeMib heap used after GC before starting anything, MiB
 * @param heapAfterMib heap used after GC once all were started and idle, MiB
 */
public record MemoryProbeResult(
    String kind,
    int count,
    double bytesEach,
    double startSeconds,
    double heapBeforeMib,
    double heapAfterMib) {}
