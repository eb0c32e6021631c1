package io.switchboard.cluster.shard;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * The Ratis properties of a node's Raft server, derived from a {@link ShardConfig}. Every value
 * that differs from Ratis' default is set here with the reason; most of them bound what one group
 * costs, because a node hosts up to S groups (64 by default) and Ratis' defaults are sized for a
 * few large groups (an 8 MiB direct write buffer, a 200 MB log cache and 4 MiB of preallocated
 * log file per group).
 *
 * <p>Pure.
 */
final class RaftSettings {

  /** Room for Ratis' own fields (ids, term, index, call id) around our entry bytes. */
  static final int ENTRY_OVERHEAD = 4 * 1024;

  private RaftSettings() {}

  static RaftProperties of(ShardConfig c) {
    RaftProperties p = new RaftProperties();
    // transport: Ratis' own (shaded) gRPC, one port for server, admin and client services
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    GrpcConfigKeys.Server.setHost(p, c.peer().host());
    GrpcConfigKeys.Server.setPort(p, c.peer().port());

    // storage: one directory per group below dataDir/raft
    RaftServerConfigKeys.setStorageDir(p, List.of(raftDir(c)));
    RaftServerConfigKeys.setRemovedGroupsDir(p, c.dataDir().resolve("raft-removed").toFile());

    // failover: randomised election timeout; the leader heartbeats at min/2
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, td(c.electionTimeoutMin()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, td(c.electionTimeoutMax()));
    // A leader retries a failing follower after 1 ms (10 times), then every 100 ms (100 times),
    // then every second. Ratis' default ends at every 5 s after ~30 errors, which heartbeats reach
    // within two seconds of a follower going down: a restarted follower then waited up to 5 s
    // before its leader tried again.
    RaftServerConfigKeys.Log.Appender.setRetryPolicy(p, "1ms,10, 100ms,100, 1s,1000000000");
    // A JVM pause longer than this closes the whole server (Ratis' default is 60 s), which would
    // leave the node without Raft until restarted. Stepping down (after 10 s) is enough for safety.
    RaftServerConfigKeys.setCloseThreshold(p, TimeDuration.valueOf(1, TimeUnit.HOURS));

    // reads: ReadIndex, answered locally while the leader lease holds
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);
    RaftServerConfigKeys.Read.setTimeout(p, td(c.commitTimeout()));

    // snapshots bound the log: auto-trigger every N applied entries, purge the log up to the
    // snapshot even if a follower lags (it then gets the snapshot installed), keep two files
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, c.snapshotEveryEntries());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, c.snapshotEveryEntries()));

    // per-group memory and disk: entries are bounded, so are buffers, caches and segments
    int entryLimit = c.maxEntryBytes() + ENTRY_OVERHEAD;
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf(entryLimit));
    RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(entryLimit + 8));
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf(entryLimit + (2 << 20)));
    RaftServerConfigKeys.Log.setSegmentSizeMax(
        p, SizeInBytes.valueOf(Math.max(4 << 20, entryLimit)));
    RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(256 * 1024));
    RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);
    RaftServerConfigKeys.Log.setSegmentCacheSizeMax(p, SizeInBytes.valueOf(16 << 20));
    // queues assert that one element fits, so they hold at least four of the largest
    long queueBytes = Math.max(16L << 20, 4L * entryLimit);
    RaftServerConfigKeys.Log.setQueueByteLimit(p, SizeInBytes.valueOf(queueBytes));
    RaftServerConfigKeys.Write.setByteLimit(p, SizeInBytes.valueOf(queueBytes));
    RaftServerConfigKeys.Write.setElementLimit(p, 1024);
    return p;
  }

  static File raftDir(ShardConfig c) {
    return c.dataDir().resolve("raft").toFile();
  }

  private static TimeDuration td(Duration d) {
    return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
  }
}
