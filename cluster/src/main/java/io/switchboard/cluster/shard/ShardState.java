package io.switchboard.cluster.shard;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The replicated state of one shard: for every name, its kind, its state bytes, the version (log
 * index) that set them, and its window of recent request ids with their replies.
 *
 * <p>Every replica applies the same committed entries in the same order, so {@link #apply} must be
 * deterministic: it reads nothing but its arguments and this state. It is where request-id dedupe
 * is decided: a Put whose id the name already remembers changes nothing and yields the recorded
 * reply. Deciding it here, in log order, rather than on the leader before stepping, is what makes
 * it hold across leader changes: a new leader's replica has applied every committed entry before
 * it serves (Ratis' leader-ready), and two racing entries with one id are ordered by the log.
 *
 * <p>Mutable and not thread-safe: {@link ShardStateMachine} applies on Ratis' single apply thread
 * and guards reads with a lock.
 */
public final class ShardState {

  /** Request ids remembered per name unless configured otherwise. */
  public static final int DEFAULT_WINDOW = 1_000;

  private final ShardId shard;
  private final int window;
  private final Map<String, Slot> names = new HashMap<>();

  /** An empty shard whose names each remember up to {@code window} request ids. */
  public ShardState(ShardId shard, int window) {
    this.shard = Objects.requireNonNull(shard, "shard");
    if (window < 1) {
      throw new IllegalArgumentException("request window must be >= 1, got " + window);
    }
    this.window = window;
  }

  /** The shard this state belongs to. */
  public ShardId shard() {
    return shard;
  }

  /** The per-name bound on remembered request ids. */
  public int window() {
    return window;
  }

  /**
   * Applies one committed entry found at log index {@code index}.
   *
   * @return what it did; a duplicate request id is a result, not an error
   */
  public ApplyResult apply(ShardEntry entry, long index) {
    if (entry instanceof ShardEntry.Put put) {
      return put(put, index);
    }
    ShardEntry.Remove remove = (ShardEntry.Remove) entry;
    return new ApplyResult.Removed(names.remove(remove.name()) != null);
  }

  private ApplyResult put(ShardEntry.Put put, long index) {
    Slot slot = names.get(put.name());
    if (slot != null && put.requestId().isPresent()) {
      Optional<ByteString> recorded = slot.window.lookup(put.requestId().get());
      if (recorded.isPresent()) {
        return new ApplyResult.Duplicate(recorded.get(), slot.version);
      }
    }
    if (slot == null) {
      slot = new Slot();
      names.put(put.name(), slot);
    }
    slot.kind = put.kind();
    slot.state = put.state();
    slot.version = index;
    if (put.requestId().isPresent()) {
      slot.window.record(put.requestId().get(), put.reply(), window);
    }
    return new ApplyResult.Applied(index);
  }

  /** The committed state of {@code name}, if this shard holds it. */
  public Optional<NameState> get(String name) {
    Slot slot = names.get(name);
    return slot == null
        ? Optional.empty()
        : Optional.of(new NameState(slot.kind, slot.state, slot.version, slot.window.size()));
  }

  /** The reply recorded for {@code id} on {@code name}, if the name's window still holds it. */
  public Optional<ByteString> recordedReply(String name, RequestId id) {
    Slot slot = names.get(name);
    return slot == null ? Optional.empty() : slot.window.lookup(id);
  }

  /** How many names this shard holds. */
  public int size() {
    return names.size();
  }

  /** Visits every name (in no particular order); for the snapshot codec. */
  void forEach(BiConsumer<String, Slot> visitor) {
    names.forEach(visitor);
  }

  /** Restores one name from a snapshot; its window is trimmed to this state's bound. */
  void restore(String name, Slot slot) {
    slot.window.trim(window);
    names.put(name, slot);
  }

  /** One name's mutable record. */
  static final class Slot {
    String kind;
    ByteString state;
    long version;
    final RequestWindow window = new RequestWindow();
  }
}
