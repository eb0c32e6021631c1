package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.ClusterEvents.Phase;
import io.switchboard.cluster.shard.ShardId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverTimesTest {
  private static final ShardId S = new ShardId(3);
  private static final long MS = 1_000_000L;

  private record Observed(Phase phase, Duration took) {}

  private final List<Observed> seen = new ArrayList<>();
  private final FailoverTimes times = new FailoverTimes((p, d) -> seen.add(new Observed(p, d)));

  @Test
  void viewFirst_electFromTheViewToTheNewLeader_firstCallFromTheView() {
    times.elected(S, "n1", 0);
    assertThat(times.lost("n1", 1_000 * MS)).isEqualTo(1);
    times.elected(S, "n2", 1_400 * MS);
    times.activated(S, 1_500 * MS);
    times.activated(S, 1_600 * MS); // only the first call counts
    assertThat(seen).containsExactly(new Observed(Phase.ELECT, Duration.ofMillis(400)),
        new Observed(Phase.FIRST_CALL, Duration.ofMillis(500)));
  }

  @Test
  void raftFirst_electIsZero_firstCallFromTheElection_evenIfServedBeforeTheViewNoticed() {
    times.elected(S, "n1", 0);
    times.elected(S, "n2", 500 * MS);
    times.activated(S, 700 * MS);
    assertThat(seen).isEmpty(); // not yet known to be a failover
    assertThat(times.lost("n1", 1_200 * MS)).isZero();
    assertThat(seen).containsExactly(new Observed(Phase.ELECT, Duration.ZERO),
        new Observed(Phase.FIRST_CALL, Duration.ofMillis(200)));
  }

  @Test
  void raftFirst_firstCallAfterTheViewNoticed_timedFromTheElection() {
    times.elected(S, "n1", 0);
    times.elected(S, "n2", 500 * MS);
    times.lost("n1", 1_200 * MS);
    times.activated(S, 1_500 * MS);
    assertThat(seen).containsExactly(new Observed(Phase.ELECT, Duration.ZERO),
        new Observed(Phase.FIRST_CALL, Duration.ofMillis(1_000)));
  }

  @Test
  void transferToALiveMember_isNoFailover() {
    times.elected(S, "n1", 0);
    times.elected(S, "n2", 500 * MS);
    times.activated(S, 700 * MS);
    times.lost("n3", 1_000 * MS); // someone else leaves
    long later = FailoverTimes.CONFIRM_WITHIN.toNanos() + 600 * MS;
    times.lost("n1", later); // too late to be this change's cause
    assertThat(seen).isEmpty();
  }
}
