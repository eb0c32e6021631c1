package io.switchboard.cluster.shard;

import com.google.protobuf.ByteString;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of one shard inside Ratis: applies committed {@link ShardEntry}s to a {@link
 * ShardState}, answers reads, writes and loads snapshots, and reports leadership changes.
 *
 * <p>Threads (Ratis' contract, relied on here): {@link #applyTransaction}, {@link #takeSnapshot}
 * and {@link #reinitialize} run on the group's single state-machine-updater thread, one at a time;
 * {@link #query} runs on Ratis' request threads, so the state is guarded by {@code lock}; the
 * notifications run on Ratis threads that may hold the server's monitor, so they only hand an
 * event to {@code events} (which must not block).
 *
 * <p>Validation happens twice, for different reasons: {@link #startTransaction} (leader only)
 * refuses an entry that does not decode or is over the size bound before it reaches the log; {@link
 * #applyTransaction} decodes again because every replica must, and a failure there (a newer
 * format) is reported against the entry's index, deterministically on every replica.
 */
final class ShardStateMachine extends BaseStateMachine {

  private static final Logger LOG = LoggerFactory.getLogger(ShardStateMachine.class);

  private final ShardId shard;
  private final int window;
  private final int maxEntryBytes;
  private final Consumer<ShardEvent> events;
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final Object lock = new Object();

  /** Guarded by {@code lock}; replaced when a snapshot is loaded. */
  private ShardState state;

  /** Looked up on first use: not available while Ratis constructs the division. */
  private volatile RaftServer.Division division;

  /** The term this replica last became leader in; reported when it stops leading. */
  private volatile long ledTerm = -1;

  ShardStateMachine(ShardId shard, int window, int maxEntryBytes, Consumer<ShardEvent> events) {
    this.shard = shard;
    this.window = window;
    this.maxEntryBytes = maxEntryBytes;
    this.events = events;
    this.state = new ShardState(shard, window);
  }

  ShardId shard() {
    return shard;
  }

  /** The reply this replica applied for {@code id} on {@code name}, if remembered. Any thread. */
  Optional<com.google.protobuf.ByteString> recordedLocal(String name, RequestId id) {
    synchronized (lock) {
      return state.recordedReply(name, id);
    }
  }

  /** This replica's applied state of {@code name}: possibly behind the leader's. Any thread. */
  Optional<NameState> local(String name) {
    synchronized (lock) {
      return state.get(name);
    }
  }

  // ---- lifecycle and snapshots

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    reinitialize();
  }

  /** Loads the newest snapshot on disk, if any: at start, and after one was installed. */
  @Override
  public void reinitialize() throws IOException {
    SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
    if (snapshot == null) {
      return;
    }
    Path file = snapshot.getFile().getPath();
    SnapshotCodec.Decoded decoded;
    try {
      decoded = SnapshotCodec.decode(shard, window, Files.readAllBytes(file));
    } catch (ShardDataException e) {
      throw new ShardDataException(shard, "snapshot " + file + " is unusable: " + e.reason(), e);
    } catch (IOException e) {
      throw new ShardDataException(shard, "cannot read snapshot " + file + ": " + e, e);
    }
    TermIndex named = snapshot.getTermIndex();
    if (decoded.term() != named.getTerm() || decoded.index() != named.getIndex()) {
      throw new ShardDataException(
          shard, "snapshot " + file + " holds (t:" + decoded.term() + ", i:" + decoded.index()
              + ") but is named " + named + ": the file is corrupt or misplaced");
    }
    synchronized (lock) {
      state = decoded.state();
    }
    setLastAppliedTermIndex(named);
    LOG.info("shard={} event=snapshot-loaded index={} names={}", shard, named.getIndex(),
        decoded.state().size());
  }

  @Override
  public SimpleStateMachineStorage getStateMachineStorage() {
    return storage;
  }

  /**
   * Writes the state at the last applied index to {@code snapshot.<term>_<index>} (through a
   * temporary file and an atomic rename, so a crash leaves the previous snapshot intact).
   */
  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last.getIndex() < 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    byte[] bytes;
    synchronized (lock) {
      bytes = SnapshotCodec.encode(state, last.getTerm(), last.getIndex());
    }
    File target = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE);
    FileInfo info = new FileInfo(target.toPath(), MD5FileUtil.computeAndSaveMd5ForFile(target));
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(info, last));
    return last.getIndex();
  }

  // ---- writes

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    TransactionContext trx = super.startTransaction(request);
    ByteString bytes = RatisBytes.fromRatis(request.getMessage().getContent());
    if (bytes.size() > maxEntryBytes) {
      trx.setException(new ShardDataException(shard,
          "entry of " + bytes.size() + " bytes exceeds the bound of " + maxEntryBytes));
      return trx;
    }
    try {
      ShardCodec.decodeEntry(shard, bytes);
    } catch (ShardDataException e) {
      trx.setException(e);
    }
    return trx;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    TermIndex at = TermIndex.valueOf(entry);
    ShardEntry decoded;
    try {
      decoded = ShardCodec.decodeEntry(
          shard, RatisBytes.fromRatis(entry.getStateMachineLogEntry().getLogData()));
    } catch (ShardDataException e) {
      updateLastAppliedTermIndex(at);
      LOG.error("shard={} event=entry-skipped index={} reason=\"{}\"", shard, at.getIndex(),
          e.reason());
      return CompletableFuture.failedFuture(e);
    }
    ApplyResult result;
    synchronized (lock) {
      result = state.apply(decoded, at.getIndex());
    }
    updateLastAppliedTermIndex(at);
    return CompletableFuture.completedFuture(
        Message.valueOf(RatisBytes.toRatis(ShardCodec.encode(result))));
  }

  // ---- reads

  @Override
  public CompletableFuture<Message> query(Message request) {
    ShardCodec.Query query;
    try {
      query = ShardCodec.decodeQuery(shard, RatisBytes.fromRatis(request.getContent()));
    } catch (ShardDataException e) {
      return CompletableFuture.failedFuture(e);
    }
    ByteString answer;
    synchronized (lock) {
      answer = ShardCodec.encodeAnswer(query, state);
    }
    return CompletableFuture.completedFuture(Message.valueOf(RatisBytes.toRatis(answer)));
  }

  // ---- leadership

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
    long term = currentTerm();
    if (newLeader.equals(member.getPeerId())) {
      ledTerm = term;
    }
    events.accept(new ShardEvent.LeaderElected(shard, newLeader.toString(), term));
  }

  @Override
  public void notifyLeaderReady() {
    long term = currentTerm();
    ledTerm = term;
    events.accept(new ShardEvent.LeadingReady(shard, term));
  }

  @Override
  public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
    events.accept(new ShardEvent.LeadingLost(shard, ledTerm));
  }

  /** The division's current term, or -1 while it cannot be looked up. */
  private long currentTerm() {
    RaftServer.Division d = division;
    if (d == null) {
      try {
        d = getServer().join().getDivision(getGroupId());
        division = d;
      } catch (IOException e) {
        return -1;
      }
    }
    return d.getInfo().getCurrentTerm();
  }

  @Override
  public String toString() {
    return "ShardStateMachine[" + shard + "]";
  }
}
