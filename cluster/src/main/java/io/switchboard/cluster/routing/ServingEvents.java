package io.switchboard.cluster.routing;

import java.time.Duration;

/** What the leader side reports for metrics; the node implements it. Thread-safe, cheap. */
public interface ServingEvents {

  /** A commit to a shard's log finished (any outcome), after {@code took}. */
  default void commit(Duration took) {}

  /** An input was answered from a request id's recorded reply instead of being stepped. */
  default void duplicateRequest() {}

  /** A cluster-scoped server of {@code shard} was started here (its shard's leader). */
  default void activated(int shard) {}
}
