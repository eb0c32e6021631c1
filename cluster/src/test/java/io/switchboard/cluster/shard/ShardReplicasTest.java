package io.switchboard.cluster.shard;

import static io.switchboard.cluster.shard.Entries.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three (or one) real Ratis servers in this JVM on loopback, hosting a few shards: commits,
 * failover, dedupe across leaders, restart from disk, a lost majority, a corrupt snapshot.
 */
class ShardReplicasTest {

  private static final Logger LOG = LoggerFactory.getLogger(ShardReplicasTest.class);
  private static final Shards SHARDS = new Shards(8, 3);
  private static final ShardId S0 = new ShardId(0);
  private static final ShardId S1 = new ShardId(1);
  private static final ShardId S2 = new ShardId(2);

  /**
   * Bound on closing a leader until a new one is ready: about 1 s on an idle machine (a 300–600 ms
   * election timeout, a vote, one commit), with room for a loaded 2-core CI box.
   */
  private static final long FAILOVER_BOUND_MS = 3_000;

  @TempDir Path dir;

  static Committed ok(ShardReply<Committed> reply) {
    assertThat(reply).isInstanceOf(ShardReply.Ok.class);
    return ((ShardReply.Ok<Committed>) reply).value();
  }

  static <T> T value(ShardReply<T> reply) {
    assertThat(reply).isInstanceOf(ShardReply.Ok.class);
    return ((ShardReply.Ok<T>) reply).value();
  }

  private static String stateOf(ShardReply<Optional<NameState>> reply) {
    return value(reply).orElseThrow().state().toStringUtf8();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void commit_onLeader_appliedOnEveryReplicaAndReadableFromAny() {
    try (RaftCluster c = new RaftCluster(dir, 3, SHARDS, cfg -> cfg).startAll(List.of(S0))) {
      int leader = c.awaitLeader(S0);
      Committed committed = ok(c.node(leader).commit(S0, put("a", "1", "r1")).join());
      assertThat(committed.result()).isEqualTo(new ApplyResult.Applied(committed.index()));
      for (int i = 0; i < 3; i++) {
        c.awaitApplied(i, S0, "a", committed.index());
        assertThat(c.local(i, S0, "a").orElseThrow().state().toStringUtf8()).isEqualTo("1");
        // linearizable from any replica: a follower asks the leader for a read index first
        assertThat(stateOf(c.node(i).read(S0, "a").join())).isEqualTo("1");
      }
      assertThat(value(c.node(leader).read(S0, "nobody").join())).isEmpty();
      assertThat(value(c.node(leader).recordedReply(S0, "a", RequestId.of("r1")).join()))
          .contains(ByteString.copyFromUtf8("reply-1"));
      int follower = (leader + 1) % 3;
      assertThat(c.node(follower).commit(S0, put("a", "2", null)).join())
          .isInstanceOf(ShardReply.NotLeader.class)
          .isEqualTo(new ShardReply.NotLeader<Committed>(S0, Optional.of("n" + leader)));
      assertThat(c.node(leader).leaderTerm(S0)).isPresent();
      assertThat(c.events).contains(
          new ShardEvent.LeadingReady(S0, c.node(leader).leaderTerm(S0).getAsLong()));
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void leaderClosed_newLeaderWithinBound_hasEveryCommittedPut() {
    List<ShardId> shards = List.of(S0, S1, S2);
    try (RaftCluster c = new RaftCluster(dir, 3, SHARDS, cfg -> cfg).startAll(shards)) {
      List<CompletableFuture<ShardReply<Committed>>> commits = new ArrayList<>();
      for (ShardId shard : shards) {
        int leader = c.awaitLeader(shard);
        for (int k = 0; k < 10; k++) {
          commits.add(c.node(leader).commit(shard, put(shard + "-k" + k, "v" + k, null)));
        }
      }
      commits.forEach(f -> ok(f.join()));

      int old = c.awaitLeader(S0);
      long oldTerm = c.node(old).leaderTerm(S0).orElseThrow();
      long t0 = System.nanoTime();
      c.stop(old);
      long closed = System.nanoTime();
      int now = c.awaitLeader(S0);
      long seen = System.nanoTime();
      long elected = c.arrivalOf(e -> e instanceof ShardEvent.LeaderElected le
          && le.shard().equals(S0) && !le.leader().equals("n" + old), t0).orElse(seen);
      long ready = c.arrivalOf(e -> e instanceof ShardEvent.LeadingReady lr
          && lr.shard().equals(S0), t0).orElse(seen);
      LOG.info("failover: leader n{} closed in {} ms; n{} elected after {} ms, ready after {} ms"
          + " (from the start of the close)", old, (closed - t0) / 1_000_000, now,
          (elected - t0) / 1_000_000, (ready - t0) / 1_000_000);
      assertThat((ready - t0) / 1_000_000).isLessThan(FAILOVER_BOUND_MS);
      assertThat(c.node(now).leaderTerm(S0).orElseThrow()).isGreaterThan(oldTerm);
      for (ShardId shard : shards) {
        int leader = c.awaitLeader(shard);
        for (int k = 0; k < 10; k++) {
          assertThat(stateOf(c.node(leader).read(shard, shard + "-k" + k).join()))
              .isEqualTo("v" + k);
        }
      }
      assertThat(c.events).contains(new ShardEvent.LeadingLost(S0, oldTerm));
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void sameRequestId_afterLeaderChange_answersRecordedReplyWithoutApplying() {
    try (RaftCluster c = new RaftCluster(dir, 3, SHARDS, cfg -> cfg).startAll(List.of(S0))) {
      int first = c.awaitLeader(S0);
      Committed applied = ok(c.node(first).commit(S0, put("a", "1", "req-7")).join());
      c.stop(first);

      int second = c.awaitLeader(S0);
      // a client retry of req-7 reaches the new leader, which stepped again and got "2"
      Committed retried = ok(c.node(second).commit(S0, put("a", "2", "req-7")).join());
      assertThat(retried.result()).isEqualTo(new ApplyResult.Duplicate(
          ByteString.copyFromUtf8("reply-1"), applied.index()));
      NameState state = value(c.node(second).read(S0, "a").join()).orElseThrow();
      assertThat(state.state().toStringUtf8()).isEqualTo("1");
      assertThat(state.version()).isEqualTo(applied.index());
      assertThat(state.windowSize()).isEqualTo(1);

      Committed fresh = ok(c.node(second).commit(S0, put("a", "2", "req-8")).join());
      assertThat(fresh.result()).isEqualTo(new ApplyResult.Applied(fresh.index()));
    }
  }

  @Test
  @Timeout(value = 40, unit = TimeUnit.SECONDS)
  void restartedReplica_catchesUpFromItsSnapshotLogAndTheLeader() {
    try (RaftCluster c = new RaftCluster(dir, 3, SHARDS,
        cfg -> cfg.withSnapshotEveryEntries(20)).startAll(List.of(S0))) {
      int leader = c.awaitLeader(S0);
      commitMany(c, leader, 0, 50);
      int follower = (leader + 1) % 3;
      c.awaitApplied(follower, S0, "k49", 1);
      c.stop(follower);
      assertThat(snapshots(c, follower)).isNotEmpty();

      long last = commitMany(c, leader, 50, 100);
      c.start(follower);
      c.awaitApplied(follower, S0, "k99", last);
      for (int k = 0; k < 100; k += 7) {
        assertThat(c.local(follower, S0, "k" + k).orElseThrow().state().toStringUtf8())
            .isEqualTo("v" + k);
      }
    }
  }

  private static long commitMany(RaftCluster c, int leader, int from, int to) {
    List<CompletableFuture<ShardReply<Committed>>> commits = new ArrayList<>();
    for (int k = from; k < to; k++) {
      commits.add(c.node(leader).commit(S0, put("k" + k, "v" + k, "id-" + k)));
    }
    return commits.stream().mapToLong(f -> ok(f.join()).index()).max().orElseThrow();
  }

  private static List<Path> snapshots(RaftCluster c, int member) {
    try (Stream<Path> files = Files.walk(c.dataDir(member))) {
      return files.filter(p -> p.getFileName().toString().matches("snapshot\\.\\d+_\\d+"))
          .toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void minority_commitFailsWithinTheBound_asAValue() {
    // With 300–600 ms elections the lone leader has usually stepped down (lost its majority's
    // heartbeats) by the time the followers are closed, so the answer is NotLeader at once; had it
    // not, the commit waits for the bound and answers Timeout (seen with 2–4 s elections: Timeout
    // after 1005 ms; not run here, its first election alone takes ~8 s).
    try (RaftCluster c = new RaftCluster(dir, 3, SHARDS,
        cfg -> cfg.withCommitTimeout(Duration.ofSeconds(1))).startAll(List.of(S0))) {
      int leader = c.awaitLeader(S0);
      ok(c.node(leader).commit(S0, put("a", "1", null)).join());
      CompletableFuture.allOf(
          CompletableFuture.runAsync(() -> c.stop((leader + 1) % 3)),
          CompletableFuture.runAsync(() -> c.stop((leader + 2) % 3))).join();

      long t0 = System.nanoTime();
      ShardReply<Committed> reply = c.node(leader).commit(S0, put("a", "2", null)).join();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      LOG.info("minority commit answered {} after {} ms", reply, ms);
      assertThat(reply).isInstanceOfAny(ShardReply.Timeout.class, ShardReply.NotLeader.class);
      assertThat(ms).isLessThan(1_500);
      // once the lone leader notices (after the max election timeout) it steps down
      RaftCluster.await(() -> !c.node(leader).isLeader(S0), RaftCluster.WAIT, "step-down");
      assertThat(c.node(leader).commit(S0, put("a", "3", null)).join())
          .isInstanceOf(ShardReply.NotLeader.class);
      assertThat(c.node(leader).read(S0, "a").join()).isNotInstanceOf(ShardReply.Ok.class);
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void corruptSnapshot_restartFails_namingTheShardAndFile() throws IOException {
    Shards one = new Shards(8, 1);
    ShardId s5 = new ShardId(5);
    try (RaftCluster c = new RaftCluster(dir, 1, one, cfg -> cfg).startAll(List.of(s5))) {
      c.awaitLeader(s5);
      ok(c.node(0).commit(s5, put("a", "1", "r")).join());
      c.stop(0); // takes a snapshot on the way out
      List<Path> files = snapshots(c, 0);
      assertThat(files).hasSize(1);
      byte[] bytes = Files.readAllBytes(files.get(0));
      bytes[bytes.length / 2] ^= 0x40;
      Files.write(files.get(0), bytes);

      assertThatThrownBy(() -> ShardReplicas.start(c.config(0), e -> {}))
          .isInstanceOf(ShardDataException.class)
          .hasMessageContaining("shard-5")
          .hasMessageContaining(files.get(0).toString())
          .hasMessageContaining("checksum mismatch");
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void oversizedEntry_refusedBeforeTheLog() {
    Shards one = new Shards(8, 1);
    try (RaftCluster c = new RaftCluster(dir, 1, one,
        cfg -> cfg.withMaxEntryBytes(4096)).startAll(List.of(S0))) {
      c.awaitLeader(S0);
      ShardEntry big = new ShardEntry.Put("a", "counter", Optional.empty(),
          ByteString.copyFrom(new byte[5000]), ByteString.EMPTY);
      assertThat(c.node(0).commit(S0, big).join()).isInstanceOf(ShardReply.Refused.class);
      assertThat(c.node(0).commit(new ShardId(3), put("b", "1", null)).join())
          .isEqualTo(new ShardReply.NotLeader<Committed>(new ShardId(3), Optional.empty()));
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void leave_stopsHostingAndDeletesTheGroupDirectory_soTheShardCanBeHostedAgain()
      throws IOException {
    Shards one = new Shards(8, 1);
    try (RaftCluster c = new RaftCluster(dir, 1, one, cfg -> cfg)
        .startAll(List.of(S0, S1))) {
      c.awaitLeader(S0);
      assertThat(c.node(0).hosted()).containsExactly(S0, S1);
      Path groupDir = c.dataDir(0).resolve("raft")
          .resolve(c.node(0).groups().groupId(S1).getUuid().toString());
      assertThat(groupDir).isDirectory();
      c.node(0).leave(S1).orTimeout(5, TimeUnit.SECONDS).join();
      assertThat(c.node(0).hosted()).containsExactly(S0);
      assertThat(c.node(0).commit(S1, put("a", "1", null)).join())
          .isInstanceOf(ShardReply.NotLeader.class);
      assertThat(groupDir).doesNotExist();
      // a directory left behind would make Ratis refuse to format the group again
      c.node(0).host(S1, c.peers()).orTimeout(5, TimeUnit.SECONDS).join();
      c.awaitLeader(S1);
      assertThat(c.node(0).hosted()).containsExactly(S0, S1);
    }
  }
}
