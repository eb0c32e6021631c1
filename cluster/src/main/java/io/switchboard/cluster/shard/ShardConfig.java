package io.switchboard.cluster.shard;

import io.switchboard.cluster.membership.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How one node hosts its shard replicas. Start from {@link #of} (the defaults below) and change
 * what differs with the {@code with…} methods. Immutable.
 *
 * @param member this node's name ({@code --name}): its Raft peer id, stable across restarts
 * @param peer where this node's Raft server listens ({@code --host}/{@code --peer-port}) and where
 *     the other replicas reach it; it must stay the same across restarts, since the groups' Raft
 *     configurations record it
 * @param dataDir {@code --data-dir}: Raft logs, metadata and snapshots live in {@code raft/} below
 *     it, one directory per group; a removed group's directory is deleted
 * @param clusterName {@code --cluster-name}: part of every group id
 * @param shards the layout ({@code --shards}, {@code --replicas})
 * @param electionTimeoutMin lower bound of Raft's randomised election timeout (default 300 ms)
 * @param electionTimeoutMax upper bound (default 600 ms): a dead leader is replaced within about
 *     this plus one election round, sub-second on a LAN
 * @param commitTimeout how long {@link ShardReplicas#commit} and the reads wait before answering
 *     {@link ShardReply.Timeout} (default 2 s)
 * @param snapshotEveryEntries Ratis' auto-trigger: a replica snapshots its shard after this many
 *     applied entries (default 10 000); the log is purged up to the snapshot, so it stays bounded
 * @param requestWindow request ids remembered per name (default 1 000, FIFO)
 * @param maxEntryBytes bound on one encoded log entry (default 1 MiB); a bigger state is refused
 *     before it reaches the log. Ratis allocates a direct write buffer of about this size per group
 * @param replaceAfter how long a replica's member may be out of the membership view before the
 *     shard's leader replaces it by Raft reconfiguration ({@code --replace-after}, default 30 s)
 */
public record ShardConfig(
    String member,
    HostPort peer,
    Path dataDir,
    String clusterName,
    Shards shards,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration commitTimeout,
    long snapshotEveryEntries,
    int requestWindow,
    int maxEntryBytes,
    Duration replaceAfter) {

  /** Default {@code --replace-after}. */
  public static final Duration DEFAULT_REPLACE_AFTER = Duration.ofSeconds(30);

  /** Default {@code --cluster-name}. */
  public static final String DEFAULT_CLUSTER_NAME = "switchboard";

  /** Validates every bound; the messages name the setting to fix. */
  public ShardConfig {
    Objects.requireNonNull(member, "member");
    if (member.isBlank()) {
      throw new IllegalArgumentException("member name must not be blank");
    }
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(shards, "shards");
    positive("electionTimeoutMin", electionTimeoutMin);
    positive("electionTimeoutMax", electionTimeoutMax);
    positive("commitTimeout", commitTimeout);
    positive("replaceAfter", replaceAfter);
    if (electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
      throw new IllegalArgumentException(
          "electionTimeoutMax (" + electionTimeoutMax + ") must exceed electionTimeoutMin ("
              + electionTimeoutMin + ")");
    }
    if (snapshotEveryEntries < 1) {
      throw new IllegalArgumentException("snapshotEveryEntries must be >= 1");
    }
    if (requestWindow < 1) {
      throw new IllegalArgumentException("requestWindow must be >= 1");
    }
    if (maxEntryBytes < 1024 || maxEntryBytes > 64 << 20) {
      throw new IllegalArgumentException("maxEntryBytes must be in 1 KiB..64 MiB");
    }
  }

  /** The defaults for a node: 300–600 ms elections, 2 s commits, snapshots every 10 000 entries. */
  public static ShardConfig of(String member, HostPort peer, Path dataDir, Shards shards) {
    return new ShardConfig(
        member,
        peer,
        dataDir,
        DEFAULT_CLUSTER_NAME,
        shards,
        Duration.ofMillis(300),
        Duration.ofMillis(600),
        Duration.ofSeconds(2),
        10_000,
        ShardState.DEFAULT_WINDOW,
        1 << 20,
        DEFAULT_REPLACE_AFTER);
  }

  /** With another {@code --cluster-name}. */
  public ShardConfig withClusterName(String name) {
    return new ShardConfig(member, peer, dataDir, name, shards, electionTimeoutMin,
        electionTimeoutMax, commitTimeout, snapshotEveryEntries, requestWindow, maxEntryBytes,
        replaceAfter);
  }

  /** With other election timeout bounds. */
  public ShardConfig withElectionTimeout(Duration min, Duration max) {
    return new ShardConfig(member, peer, dataDir, clusterName, shards, min, max, commitTimeout,
        snapshotEveryEntries, requestWindow, maxEntryBytes, replaceAfter);
  }

  /** With another bound on commits and reads. */
  public ShardConfig withCommitTimeout(Duration timeout) {
    return new ShardConfig(member, peer, dataDir, clusterName, shards, electionTimeoutMin,
        electionTimeoutMax, timeout, snapshotEveryEntries, requestWindow, maxEntryBytes,
        replaceAfter);
  }

  /** With another snapshot auto-trigger threshold. */
  public ShardConfig withSnapshotEveryEntries(long entries) {
    return new ShardConfig(member, peer, dataDir, clusterName, shards, electionTimeoutMin,
        electionTimeoutMax, commitTimeout, entries, requestWindow, maxEntryBytes, replaceAfter);
  }

  /** With another per-name request-id window. */
  public ShardConfig withRequestWindow(int ids) {
    return new ShardConfig(member, peer, dataDir, clusterName, shards, electionTimeoutMin,
        electionTimeoutMax, commitTimeout, snapshotEveryEntries, ids, maxEntryBytes, replaceAfter);
  }

  /** With another bound on one log entry. */
  public ShardConfig withMaxEntryBytes(int bytes) {
    return new ShardConfig(member, peer, dataDir, clusterName, shards, electionTimeoutMin,
        electionTimeoutMax, commitTimeout, snapshotEveryEntries, requestWindow, bytes,
        replaceAfter);
  }

  /** With another {@code --replace-after}. */
  public ShardConfig withReplaceAfter(Duration after) {
    return new ShardConfig(member, peer, dataDir, clusterName, shards, electionTimeoutMin,
        electionTimeoutMax, commitTimeout, snapshotEveryEntries, requestWindow, maxEntryBytes,
        after);
  }

  private static void positive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
  }
}
