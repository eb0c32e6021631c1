package io.switchboard.cluster.membership;

import java.util.Objects;

/**
 * Identifies one membership view: the node that created it (the coordinator, or the merge leader
 * for a merged view) and the view's number. Two partitions can install views with the same number;
 * the coordinator tells them apart.
 *
 * <p>Immutable and thread-safe.
 */
public record ViewId(String coordinator, long id) {

  /** Validates the parts: a non-blank coordinator and a non-negative id. */
  public ViewId {
    Objects.requireNonNull(coordinator, "coordinator");
    if (coordinator.isBlank()) {
      throw new IllegalArgumentException("coordinator must not be blank");
    }
    if (id < 0) {
      throw new IllegalArgumentException("view id must be >= 0, was " + id);
    }
  }

  @Override
  public String toString() {
    return coordinator + "|" + id;
  }
}
