/**
 * Raft shards (issue #14, DESIGN.md "Version 2"): what ownership and replicated state sit on.
 * Names hash to S shards; each shard is one Apache Ratis group of R replicas; the group's leader
 * owns the shard's names and its Raft term is their fencing epoch. The node uses it through
 * {@code cluster.ClusterNode} (forming, events) and {@code cluster.routing} ({@code ClusterRouter}
 * to the leaders, {@code ShardServing} on the leader).
 *
 * <h2>What each class does</h2>
 *
 * <p>Pure core (no threads, no I/O; unit-tested directly):
 *
 * <ul>
 *   <li>{@link io.switchboard.cluster.shard.ShardId}, {@link io.switchboard.cluster.shard.Shards}:
 *       name → shard ({@code XXH64(name) mod S}, unsigned), and a shard's R replicas by rendezvous
 *       hashing of {@code shard-N} over the members ({@code Placement.ranked}).
 *   <li>{@link io.switchboard.cluster.shard.ShardGroups}: the Raft group id of each shard, a
 *       name-based UUID of {@code switchboard/<cluster name>/shard-N}; also the name of the group's
 *       directory on disk, so it must never change.
 *   <li>{@link io.switchboard.cluster.shard.ShardEntry} ({@code Put}, {@code Remove}), {@link
 *       io.switchboard.cluster.shard.RequestId}: what the log holds. A Put carries the state the
 *       leader's step produced (bytes of the template's {@code StateCodec}) and the reply, not the
 *       input.
 *   <li>{@link io.switchboard.cluster.shard.ShardState} (+ {@code RequestWindow}): the replicated
 *       model, name → kind, state bytes, version (log index), and a FIFO window of request ids
 *       with their recorded replies (1 000 per name by default). Request-id dedupe is decided
 *       here, at apply time, in log order: a Put whose id the name remembers changes nothing and
 *       yields {@link io.switchboard.cluster.shard.ApplyResult.Duplicate} with the recorded reply.
 *   <li>{@code ShardCodec} (entries, apply results, queries; version byte + tag), {@code
 *       SnapshotCodec} (magic, version, shard, term/index, names, CRC32C trailer): decoding checks
 *       every length and fails with a {@link io.switchboard.cluster.shard.ShardDataException}
 *       whose message starts with the shard.
 * </ul>
 *
 * <p>Ratis shell:
 *
 * <ul>
 *   <li>{@code ShardStateMachine} ({@code BaseStateMachine}): applies committed entries to a
 *       ShardState, answers queries under a lock, writes {@code snapshot.<term>_<index>} through a
 *       temporary file and an atomic rename (plus Ratis' {@code .md5}), loads the newest snapshot
 *       at start and after an install, and turns Ratis' leader notifications into {@link
 *       io.switchboard.cluster.shard.ShardEvent}s. {@code startTransaction} (leader only) refuses
 *       an undecodable or oversized entry before it reaches the log.
 *   <li>{@link io.switchboard.cluster.shard.ShardReplicas}: one {@code RaftServer} per node on
 *       one port hosting one group per shard; {@code host}/{@code leave} (group add/remove via
 *       the server's own admin API, no RaftClient), {@code commit} (completes only when committed
 *       on a majority and applied here), {@code read}/{@code recordedReply} (linearizable:
 *       ReadIndex, served from the leader lease while it holds; works on followers too), {@code
 *       readLocal} (this replica, possibly stale), {@code isLeader}/{@code leaderTerm}/{@code
 *       leader}, and a listener of ShardEvents on one thread of its own.
 *   <li>{@link io.switchboard.cluster.shard.ShardReply}: every commit/read answers a value ({@code
 *       Ok}, {@code NotLeader} with Ratis' leader hint, {@code Unavailable}, {@code Timeout} whose
 *       outcome is unknown, {@code Refused}); {@code RaftReplies} is the one table from Ratis
 *       exceptions to these values. The futures never complete exceptionally.
 *   <li>{@link io.switchboard.cluster.shard.ShardConfig} (defaults written there), {@code
 *       RaftSettings} (every Ratis property we change, with the reason), {@code RatisBytes} (our
 *       protobuf ByteString vs Ratis' shaded one), {@link
 *       io.switchboard.cluster.shard.RatisMetricsOff} (see below).
 * </ul>
 *
 * <h2>How the leader side uses it ({@code routing.ShardServing})</h2>
 *
 * <ol>
 *   <li>On {@code LeadingLost} the node stops every server of the shard at once; a server started
 *       in an older term is restarted from the log before it serves again.
 *   <li>A call for a name: answer a known request id from this replica's window ({@link
 *       io.switchboard.cluster.shard.ShardReplicas#recordedLocal}), else start the server from
 *       {@code readLocal} if it does not run in this term, step it ({@code callSteppedAsync}),
 *       {@code commit(Put(name, kind, id, newState, reply))}, and reply only on {@code Ok} (a
 *       {@code Duplicate} result sends the recorded reply and rebuilds the server from the log).
 *       A throwing step commits nothing.
 *   <li>Dedupe at apply time protects the log, not the leader's in-memory server, so a name's
 *       inputs are serialised until their commit.
 * </ol>
 *
 * <h2>Still missing for #14</h2>
 *
 * <ul>
 *   <li>A graceful leave is not told apart from a crash: its replicas are replaced after {@code
 *       --replace-after} like any absence ({@link ReplicaPlan}, {@code ShardMembership}).
 *   <li>Group commit (several names' Puts in one entry) and read-only inputs through ReadIndex.
 *   <li>TLS for Ratis' gRPC ({@code GrpcTlsConfig} through Ratis {@code Parameters}).
 *   <li>A corrupt replica: start fails with a {@code ShardDataException} naming the shard and file
 *       (the whole node's Raft server does not start, see below). The recovery procedure (move the
 *       group directory aside, re-add the member by reconfiguration rather than by {@code host},
 *       since a replica that forgot what it acknowledged must not vote as if it remembered) is
 *       manual for now.
 * </ul>
 *
 * <h2>What the next engineer needs to know about Ratis 3.2.1</h2>
 *
 * <ul>
 *   <li><b>Reconfiguration.</b> A new replica must host the group before the leader's {@code
 *       setConfiguration} (a remote {@code GroupManagementApi.add} with the new configuration; an
 *       {@code AlreadyExistsException} means it kept its old replica, which Raft catches up). A
 *       {@code RaftClient} must name a real group id even for group management (the empty group
 *       id is refused). A removed follower may already have dropped its division when the remote
 *       {@code remove} arrives ({@code GroupMismatchException}: nothing to do).
 *   <li><b>Ports.</b> Ratis runs its own Netty gRPC server (shaded under {@code
 *       org.apache.ratis.thirdparty}: no clash with the project's grpc/netty/protobuf; the
 *       enforcer's dependency convergence passes). Server, admin and client services share one
 *       port ({@code GrpcConfigKeys.Server.setPort}/{@code setHost}; binding 127.0.0.1 works).
 *       That server cannot also host our {@code Peer} service (different, shaded gRPC), so {@code
 *       --peer-port} cannot be shared between Raft and {@code Peer} as DESIGN.md describes: either
 *       a second port or a custom Ratis transport. Decided: Raft alone listens on {@code
 *       --peer-port}; {@code Peer} stays on the gRPC port. The peer address (the advertised
 *       host) is recorded in each group's configuration: keep a member's
 *       address stable across restarts or reconfigure.
 *   <li><b>Metrics.</b> {@code ratis-metrics-api} throws at the first group unless an
 *       implementation is on the classpath, and {@code ratis-metrics-default} is not resolvable
 *       from the registries here; {@code RatisMetricsOff} (a {@code ServiceLoader} service)
 *       switches them off. Measure what the contract names ourselves.
 *   <li><b>Threads</b> are per group and permanent: a log worker, a state-machine updater and a
 *       cache-eviction thread per replica, a FollowerState thread per follower, a leader state
 *       thread plus one log-appender thread per follower on the leader (4.7 per replica with R =
 *       3, so about 300 per node hosting 64 replicas). On top come each replica's cached
 *       server/client executors (Ratis' default: unbounded, idle threads die after 60 s; 300–490
 *       of them across the 3 servers while 64 groups were forming). {@code ThreadPool.serverSize}
 *       with {@code serverCached} would cap them at 1 per replica, untested here: check first that
 *       no task on that executor waits for another.
 *   <li><b>Footprint</b>, measured with {@code ShardFootprintMeasurement} (64 shards × 3 replicas
 *       on 3 servers in one JVM, 3 runs): +1 171 to +1 504 threads (6.1–7.8 per replica); heap +73
 *       to +111 KiB per replica after GC (idle, empty state); direct memory +1 077 KiB per
 *       replica, the log write buffer sized to one entry (1 MiB + 4 KiB by default), so about 69
 *       MiB per node with 64 replicas (lower {@code maxEntryBytes} to lower it). Ratis' defaults
 *       (an 8 MiB write buffer, a 200 MB segment cache and 4 MiB preallocated per group) would
 *       cost over 0.5 GiB of direct memory per node at 64 groups; {@code RaftSettings} bounds
 *       them.
 *   <li><b>Latency and throughput</b> (3 servers in one JVM on one disk, about 3 ms per fsync, 2
 *       shared cores at load 6–45). One commit at a time: p50 5.7–12.5 ms, p99 25–86 ms, the same
 *       with 1 or 64 groups; every append is fsynced on the leader and on the acknowledging
 *       followers (Ratis' default, unchanged). Pipelined into one group: about 2 000 commits/s;
 *       with 2 000 in flight some answered {@code Unavailable} ("overloaded"), which is the bound
 *       {@code Write.elementLimit} = 1 024 pending per group working. Pipelined over 64 groups
 *       (10 000 commits): only ~250/s. Each {@code submitClientRequestAsync} hands the request to
 *       the group's client executor and waits for it (0.5–2 ms per call here); calling the
 *       division directly (casting it to {@code RaftClientAsynchronousProtocol}, an
 *       implementation detail) roughly halved that, and is not done. The lever for the wiring is
 *       group commit: while a shard has a commit in flight, gather its next Puts into one entry
 *       (a {@code Batch} entry would be a new tag in {@code ShardCodec}). Measure on a real
 *       machine before tuning flushes ({@code Log.asyncFlushEnabled}; {@code
 *       Log.unsafeFlushEnabled} acknowledges before the fsync, safe unless a majority loses power
 *       together).
 *   <li><b>Group add is serialised per server</b> (one "groupManagement" thread): hosting 64
 *       groups on 3 servers in one JVM took 5.1 s at load 6 and 26–36 s at load 11–37, and under
 *       that load leaders churned (a leader loses its majority's heartbeats when the CPU is
 *       starved), so all 64 had a ready leader at the same moment after 5.3 s, 26 s and 118 s in
 *       three runs. Recovery at start adds the groups found on disk in parallel.
 *   <li><b>Timing.</b> Election timeout 300–600 ms: the leader heartbeats every ~150 ms, a leader
 *       that hears from no majority for 600 ms steps down ({@code checkLeadership}), and a closed
 *       leader was replaced in 0.44–0.79 s (elected) / 0.49–1.0 s (ready) in the tests here. A
 *       fresh follower refuses votes for the minimum timeout after it starts, so the very first
 *       election of a group takes 1–3 s. On a CPU-starved machine (load 12–45 on 2 cores here)
 *       300–600 ms elections churn when many groups heartbeat at once; production on small
 *       machines may want 1–2 s. Closing a server takes ~1 s with a few groups (each log worker
 *       polls its queue with a 1 s timeout; groups close in parallel, each taking a snapshot) and
 *       took 2.2–6.9 s with 64 groups on the loaded machine; the 10 shards the closed server led
 *       had new ready leaders 2.8–3.0 s after the close began (vs 0.9 s for one group: the close
 *       writes 64 snapshots on the same disk the new leaders fsync to). A graceful leave should
 *       transfer leadership first ({@code transferLeadership}) rather than rely on the close.
 *   <li><b>Follower retries.</b> Ratis' default appender retry policy ({@code 1ms,10, 1s,20,
 *       5s,1000}) counts heartbeat errors too, reaching 5 s between attempts within two seconds of
 *       a follower going down; a restarted follower then waited up to 5 s to be contacted.
 *       {@code RaftSettings} uses {@code 1ms,10, 100ms,100, 1s,...}.
 *   <li><b>Entry size</b> must be bounded before the log: an entry bigger than the appender's
 *       buffer trips an assertion inside Ratis' queues. {@code maxEntryBytes} sets all related
 *       limits; {@code commit} and {@code startTransaction} refuse bigger entries.
 *   <li><b>Snapshots</b> auto-trigger on applied entries only ({@code Snapshot.autoTriggerThreshold});
 *       3.2.1 has no byte-based trigger. The log is purged up to the snapshot even when a
 *       follower lags ({@code purgeUptoSnapshotIndex}), so a lagging follower gets the snapshot
 *       installed (Ratis copies the files listed by {@code SingleFileSnapshotInfo}, checks MD5,
 *       then calls {@code reinitialize}). A snapshot is taken on close as well.
 *   <li><b>Corrupt data blocks the whole server.</b> A group that fails to initialise at start
 *       (our snapshot checksum, or a corrupt log segment under the default corruption policy)
 *       makes {@code RaftServer.start} fail for every group; {@code ShardReplicas.start} digs
 *       the {@code ShardDataException} out of the cause chain so the message names the shard.
 *   <li><b>JVM pauses.</b> Ratis steps leaders down after a pause over 10 s and <em>closes the
 *       whole server</em> after one over 60 s (its default); {@code RaftSettings} raises the
 *       latter to 1 h so a paused node comes back as a follower instead of without Raft.
 *   <li><b>Calling conventions.</b> {@code RaftServer.submitClientRequestAsync} blocks its caller
 *       while it hands the request to the division's client executor and that thread admits it
 *       (0.5–2 ms on the loaded machine here, microseconds on an idle one; longer under
 *       back-pressure): call {@link io.switchboard.cluster.shard.ShardReplicas#commit} off the
 *       event loop, or accept that cost. A request that
 *       timed out on our side may still commit (it stays pending in Ratis until committed or the
 *       leader steps down); that is why {@code Timeout} means "unknown" and retries need request
 *       ids. Notifications ({@code notifyLeaderChanged}, {@code notifyLeaderReady}, {@code
 *       notifyNotLeader}) run inside Ratis' monitor: never block there (we hand them to a queue).
 *       {@code notifyLeaderChanged} only reports non-null leaders; losing leadership arrives as
 *       {@code notifyNotLeader}. A new leader serves only once ready (its first entry of the term
 *       applied); before that requests get {@code LeaderNotReadyException}.
 * </ul>
 */
@NullMarked
package io.switchboard.cluster.shard;

import org.jspecify.annotations.NullMarked;
