package io.switchboard.cluster.routing;

import com.google.protobuf.ByteString;
import io.switchboard.cluster.shard.ApplyResult;
import io.switchboard.cluster.shard.Committed;
import io.switchboard.cluster.shard.NameState;
import io.switchboard.cluster.shard.RequestId;
import io.switchboard.cluster.shard.ShardEntry;
import io.switchboard.cluster.shard.ShardId;
import io.switchboard.cluster.shard.ShardReplicas;
import io.switchboard.cluster.shard.ShardReply;
import io.switchboard.cluster.shard.Shards;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.Durability;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Stepped;
import io.switchboard.supervisor.Template;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the cluster-scoped names of the shards this node leads: the leader side of DESIGN.md's
 * "version 2". The router hands it a call only when {@link ShardReplicas#isLeader} said so; every
 * step re-checks the term.
 *
 * <h2>Rules</h2>
 *
 * <ol>
 *   <li><b>A server runs here only within one leader term.</b> It is started (lazily, by the first
 *       call) from the name's committed state on this replica, which on a ready leader holds every
 *       committed entry; a call that finds the server started in an older term stops it first. On
 *       {@link #leadingLost} every server of the shard stops at once.
 *   <li><b>REPLICATED: one input in flight per name.</b> Calls and casts to a name queue here (at
 *       most {@value #MAX_QUEUED_PER_NAME}, then {@code Overloaded}); each is stepped with {@code
 *       callSteppedAsync} (output and state after the step), the state and the reply are committed
 *       with the request id ({@code Put}), and the caller gets the output only once Raft says the
 *       entry is committed on a majority and applied here. Serialising per name is what keeps the
 *       running server equal to the committed state: a step whose commit fails stops the server,
 *       so the next call starts it again from the log.
 *   <li><b>Request ids.</b> An id this replica has applied for the name is answered with the
 *       reply recorded then, without stepping. An id that races into the log twice is decided at
 *       apply time ({@link ApplyResult.Duplicate}): the recorded reply goes back and the server,
 *       which stepped once too often, is stopped and restarted from the log.
 *   <li><b>NONE</b>: the shard's leader hands each input to the server's loop in turn (without
 *       waiting for its reply, which may be deferred) and nothing is logged; a new leader starts
 *       the server from {@code init}.
 *   <li>A server that crashes on a REPLICATED call is stopped (not left to its supervisor's restart
 *       from {@code init}): the next call starts it from the last committed state.
 * </ol>
 *
 * <p>Thread-safe. Commits are submitted on {@code commits} (Ratis blocks the submitting thread
 * while it admits a request, so never on an event loop).
 */
final class ShardServing {
  static final int MAX_QUEUED_PER_NAME = 1_000;
  private static final Logger log = LoggerFactory.getLogger(ShardServing.class);

  private final ShardReplicas replicas;
  private final Shards shards;
  private final LocalServers local;
  private final Executor commits;
  private final ServingEvents events;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();

  ShardServing(ShardReplicas replicas, Shards shards, LocalServers local, Executor commits,
      ServingEvents events) {
    this.replicas = replicas;
    this.shards = shards;
    this.local = local;
    this.commits = commits;
    this.events = events;
  }

  /** How many names run here now. */
  int runningCount() {
    int n = 0;
    for (Slot s : slots.values()) {
      synchronized (s) {
        n += s.runningTerm != 0 ? 1 : 0;
      }
    }
    return n;
  }

  /**
   * Serves one input for {@code name} on this node, the leader of its shard. {@code Unavailable}
   * when it no longer leads (the router retries elsewhere).
   */
  Promise<byte[]> serve(String name, Template template, byte[] payload, boolean cast,
      @Nullable RequestId id, Deadline deadline, Runnable accepted) {
    ShardId shard = shards.shardOf(name);
    OptionalLong term = replicas.leaderTerm(shard);
    if (term.isEmpty()) {
      return Promise.completed(notLeader(shard));
    }
    return enqueue(new Call(name, shard, template, payload, cast, id, deadline,
        new Promise<>(), null, accepted));
  }

  /** Queues {@code call} behind its name's earlier inputs ({@code Overloaded} when full). */
  private Promise<byte[]> enqueue(Call call) {
    Slot slot = slots.computeIfAbsent(call.name, n -> new Slot());
    boolean runNow;
    synchronized (slot) {
      if (slot.queue.size() >= MAX_QUEUED_PER_NAME) {
        return Promise.completed(new Reply.Overloaded<>("'" + call.name + "' has "
            + MAX_QUEUED_PER_NAME + " inputs waiting for their commit"));
      }
      slot.queue.add(call);
      runNow = !slot.busy;
      slot.busy = true;
    }
    if (runNow) {
      next(slot);
    }
    return call.out;
  }

  /**
   * Sends {@code name}'s server an exit signal in turn with its queued inputs: its supervisor sees
   * the exit and restarts it. A REPLICATED server is then stopped, so that the next input starts
   * it from its committed state (as after a crash): a restart from {@code init} would step a
   * state the log does not hold. {@code NotFound} when it does not run here.
   */
  Promise<Void> kill(String name, Template template, ExitReason reason) {
    ShardId shard = shards.shardOf(name);
    return enqueue(new Call(name, shard, template, new byte[0], true, null,
        Deadline.after(Duration.ofSeconds(5)), new Promise<>(), reason, () -> {}))
        .map(ignored -> null);
  }

  private Promise<byte[]> runKill(Slot slot, Call call) {
    if (!local.isRunning(call.name)) {
      return Promise.completed(new Reply.NotFound<>("'" + call.name + "' is not running"));
    }
    return local.kill(call.name, call.kill).flatMap(ignored ->
        call.template.durability() == Durability.REPLICATED
            ? stopIfRunning(slot, call.name, "killed; restarts from its committed state")
                .map(stopped -> (byte[]) null)
            : Promise.completed(Reply.ok(null)));
  }

  /** Runs the queued calls of {@code slot} one at a time, until its queue is empty. */
  private void next(Slot slot) {
    Call call;
    synchronized (slot) {
      call = slot.queue.poll();
      if (call == null) {
        slot.busy = false;
        return;
      }
    }
    Promise<byte[]> done = run(slot, call);
    done.whenComplete(r -> {
      if (r != HANDED_TO_THE_LOOP) {
        call.out.complete(r);
      }
      next(slot);
    });
  }

  private Promise<byte[]> run(Slot slot, Call call) {
    if (call.kill != null) {
      return runKill(slot, call);
    }
    if (call.deadline.isExpired()) {
      return Promise.completed(new Reply.Timeout<>("deadline passed while '" + call.name
          + "' served earlier inputs"));
    }
    OptionalLong term = replicas.leaderTerm(call.shard);
    if (term.isEmpty()) {
      return stopIfRunning(slot, call.name, "lost leadership")
          .flatMap(ignored -> Promise.completed(notLeader(call.shard)));
    }
    boolean replicated = call.template.durability() == Durability.REPLICATED;
    if (replicated && call.id != null) {
      Optional<ByteString> recorded = replicas.recordedLocal(call.shard, call.name, call.id);
      if (recorded.isPresent()) {
        events.duplicateRequest();
        return Promise.completed(Reply.ok(call.cast ? null : recorded.get().toByteArray()));
      }
    }
    return ensureRunning(slot, call, term.getAsLong()).flatMap(ignored -> replicated
        ? stepAndCommit(slot, call, term.getAsLong())
        : stepOnly(slot, call));
  }

  /** Starts the server in this term: from the committed state when there is one. */
  private Promise<Void> ensureRunning(Slot slot, Call call, long term) {
    long running;
    synchronized (slot) {
      running = slot.runningTerm;
    }
    if (running == term && local.isRunning(call.name)) {
      return Promise.completed(Reply.ok(null));
    }
    Promise<Void> stopped = running == 0 && !local.isRunning(call.name)
        ? Promise.completed(Reply.ok(null))
        : stopIfRunning(slot, call.name, "leader term changed");
    return stopped.flatMap(ignored -> {
      byte[] state = null;
      if (call.template.durability() == Durability.REPLICATED) {
        Optional<NameState> committed = replicas.readLocal(call.shard, call.name);
        state = committed.map(c -> c.state().toByteArray()).orElse(null);
      }
      return local.activate(call.name, call.template, state).map(ok -> {
        synchronized (slot) {
          slot.runningTerm = term;
        }
        events.activated(call.shard.value());
        return null;
      });
    });
  }

  /**
   * NONE: the input goes into the server's loop inbox, in turn, and the next input of the name
   * follows at once — it does not wait for this one's reply, which the server may give in a later
   * step (a deferred reply, answered perhaps because of that next input). The caller's promise
   * completes when the reply comes.
   */
  private Promise<byte[]> stepOnly(Slot slot, Call call) {
    Promise<byte[]> r = call.cast
        ? local.cast(call.name, call.payload).map(ignored -> null)
        : local.call(call.name, call.payload, call.deadline);
    call.accepted.run();
    r.whenComplete(reply -> {
      if (reply instanceof Reply.NotFound<byte[]>) {
        markStopped(slot);
        call.out.complete(new Reply.Unavailable<>(
            "'" + call.name + "' stopped while the input was queued"));
      } else {
        call.out.complete(reply);
      }
    });
    return Promise.completed(HANDED_TO_THE_LOOP);
  }

  /** What {@link #stepOnly} answers {@link #next}: the input is queued, its reply comes later. */
  private static final Reply<byte[]> HANDED_TO_THE_LOOP = Reply.ok(new byte[0]);

  private Promise<byte[]> stepAndCommit(Slot slot, Call call, long term) {
    Promise<byte[]> out = new Promise<>();
    local.callStepped(call.name, call.payload, call.deadline).whenComplete(stepped -> {
      if (!(stepped instanceof Reply.Ok<Stepped> ok)) {
        Reply.Failure<?> failure = (Reply.Failure<?>) stepped;
        // the server may have stepped (a crash) or be gone: the next call starts from the log
        stopIfRunning(slot, call.name, "step failed").whenComplete(ignored -> out.complete(
            failure instanceof Reply.NotFound<?>
                ? new Reply.Unavailable<>("'" + call.name + "' stopped while the input was queued")
                : failure.retype()));
        return;
      }
      commit(slot, call, term, ok.value(), out);
    });
    return out;
  }

  private void commit(Slot slot, Call call, long term, Stepped stepped, Promise<byte[]> out) {
    ShardEntry entry = stepped.state() == null
        ? new ShardEntry.Remove(call.name)
        : new ShardEntry.Put(call.name, call.template.kind(), Optional.ofNullable(call.id),
            ByteString.copyFrom(stepped.state()), ByteString.copyFrom(stepped.output()));
    long t0 = System.nanoTime();
    try {
      commits.execute(() -> replicas.commit(call.shard, entry).whenComplete((reply, never) -> {
        events.commit(Duration.ofNanos(System.nanoTime() - t0));
        committed(slot, call, term, stepped, reply, out);
      }));
    } catch (RejectedExecutionException e) {
      stopIfRunning(slot, call.name, "commit refused").whenComplete(ignored ->
          out.complete(new Reply.Overloaded<>("too many commits waiting on this node")));
    }
  }

  private void committed(Slot slot, Call call, long term, Stepped stepped,
      ShardReply<Committed> reply, Promise<byte[]> out) {
    if (reply instanceof ShardReply.Ok<Committed> ok) {
      if (stepped.state() == null) {
        markStopped(slot); // the server stopped itself; its state is forgotten with it
      }
      if (ok.value().result() instanceof ApplyResult.Duplicate dup) {
        events.duplicateRequest();
        // the server stepped an input the log had already seen: rebuild it from the log
        stopIfRunning(slot, call.name, "duplicate request").whenComplete(ignored ->
            out.complete(Reply.ok(call.cast ? null : dup.recordedReply().toByteArray())));
        return;
      }
      out.complete(Reply.ok(call.cast ? null : stepped.output()));
      return;
    }
    // not committed (or unknown): the running server is ahead of the log, so it goes
    Reply<byte[]> failure;
    if (reply instanceof ShardReply.NotLeader<Committed>) {
      failure = notLeader(call.shard);
    } else if (reply instanceof ShardReply.Unavailable<Committed> u) {
      failure = new Reply.Unavailable<>("shard " + call.shard.value() + ": " + u.reason());
    } else if (reply instanceof ShardReply.Timeout<Committed> t) {
      failure = new Reply.Timeout<>("shard " + call.shard.value() + ": commit not confirmed within "
          + t.after().toMillis() + " ms (it may still apply: retry with the same request id)");
    } else if (reply instanceof ShardReply.Refused<Committed> f) {
      failure = new Reply.InvalidInput<>(f.reason());
    } else {
      failure = new Reply.Unavailable<>("shard " + call.shard.value() + ": " + reply);
    }
    log.info("event=commit_failed name={} shard={} term={} outcome=\"{}\"", call.name,
        call.shard.value(), term, reply);
    stopIfRunning(slot, call.name, "commit failed").whenComplete(ignored -> out.complete(failure));
  }

  /** This node stopped leading {@code shard}: every server of it stops now. */
  void leadingLost(ShardId shard) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, Slot> e : slots.entrySet()) {
      if (shards.shardOf(e.getKey()).equals(shard)) {
        names.add(e.getKey());
      }
    }
    for (String name : names) {
      Slot slot = slots.get(name);
      if (slot != null) {
        stopIfRunning(slot, name, "leadership of shard " + shard.value() + " lost");
      }
    }
  }

  /** Stops every server this node serves (graceful leave, close). */
  Promise<Void> stopAll(String why) {
    List<Promise<Void>> all = new ArrayList<>();
    slots.forEach((name, slot) -> all.add(stopIfRunning(slot, name, why)));
    Promise<Void> out = new Promise<>();
    if (all.isEmpty()) {
      out.complete(Reply.ok(null));
      return out;
    }
    int[] left = {all.size()};
    for (Promise<Void> p : all) {
      p.whenComplete(r -> {
        synchronized (left) {
          if (--left[0] == 0) {
            out.complete(Reply.ok(null));
          }
        }
      });
    }
    return out;
  }

  private Promise<Void> stopIfRunning(Slot slot, String name, String why) {
    markStopped(slot);
    if (!local.isRunning(name)) {
      return Promise.completed(Reply.ok(null));
    }
    return local.release(name, ExitReason.shutdown(why)).map(ignored -> null);
  }

  private static void markStopped(Slot slot) {
    synchronized (slot) {
      slot.runningTerm = 0;
    }
  }

  private Reply<byte[]> notLeader(ShardId shard) {
    Optional<String> leader = replicas.leader(shard);
    return new Reply.Unavailable<>("not the leader of shard " + shard.value()
        + leader.map(l -> " (leader: " + l + ")").orElse(""));
  }

  /** One name: its queue of inputs and the term its server was started in (0: not running). */
  private static final class Slot {
    final ArrayDeque<Call> queue = new ArrayDeque<>();
    boolean busy;
    long runningTerm;
  }

  /** One queued input, or with {@code kill} set an exit signal taking its turn among them. */
  /**
   * One queued input (or exit signal, {@code kill}). {@code accepted} runs once a NONE input was
   * handed to its server's loop: the forwarding node then waits for the reply, however late.
   */
  private record Call(String name, ShardId shard, Template template, byte[] payload, boolean cast,
      @Nullable RequestId id, Deadline deadline, Promise<byte[]> out,
      @Nullable ExitReason kill, Runnable accepted) {}
}
