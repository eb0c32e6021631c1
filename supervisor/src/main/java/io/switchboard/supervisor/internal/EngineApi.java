package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.ChildCounts;
import io.switchboard.supervisor.ChildInfo;
import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.ChildStatus;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Restart;
import io.switchboard.supervisor.Strategy;
import io.switchboard.supervisor.TreeSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * OTP's dynamic supervisor API on one engine ({@code start_child}, {@code terminate_child},
 * {@code restart_child}, {@code delete_child}, {@code which_children}, {@code count_children}),
 * plus {@code ensureChild} and snapshots. Every request is answered through a promise from the
 * supervisor's serial executor; requests that change children wait while the supervisor is busy.
 * At most {@link #LIMIT} requests may be pending per supervisor; more get {@code Overloaded}.
 */
public final class EngineApi {
  /** Requests pending at once per supervisor. */
  public static final int LIMIT = 10_000;

  private final SupervisorEngine engine;
  private final AtomicInteger pending = new AtomicInteger();

  EngineApi(SupervisorEngine engine) {
    this.engine = engine;
  }

  /** One request's answer: completes its promise once and releases its slot. */
  private final class Answer<T> {
    final Promise<T> promise = new Promise<>();
    private boolean done;

    void reply(Reply<T> r) {
      if (!done) {
        done = true;
        pending.decrementAndGet();
        promise.complete(r);
      }
    }
  }

  private <T> Promise<T> submit(boolean changes, Consumer<Answer<T>> body) {
    if (pending.incrementAndGet() > LIMIT) {
      pending.decrementAndGet();
      return Promise.completed(new Reply.Overloaded<>("supervisor '" + engine.path + "' has "
          + LIMIT + " requests pending"));
    }
    Answer<T> a = new Answer<>();
    engine.serial.execute(() -> {
      if (changes) {
        engine.whenIdle(() -> whenRunning(a, body));
      } else {
        body.accept(a);
      }
    });
    return a.promise;
  }

  private <T> void whenRunning(Answer<T> a, Consumer<Answer<T>> body) {
    if (!engine.running()) {
      a.reply(new Reply.Unavailable<>("supervisor '" + engine.path + "' is "
          + engine.status().label()));
      return;
    }
    body.accept(a);
  }

  private boolean simple() {
    return engine.spec.strategy() == Strategy.SIMPLE_ONE_FOR_ONE;
  }

  private static <T> Reply<T> invalid(String why) {
    return new Reply.InvalidInput<>(why);
  }

  private static <T> Promise<T> refused(String why) {
    return Promise.completed(invalid(why));
  }

  // -------------------------------------------------------------------------------- start

  /** OTP {@code start_child(Sup, ChildSpec)}: appends and starts a child (static strategies). */
  public Promise<Void> startChild(ChildSpec spec) {
    if (simple()) {
      return refused("simple_one_for_one: start children with startChild(name)");
    }
    return this.<Void>submit(true, a -> {
      ChildRecord old = engine.children.get(spec.id());
      if (old != null) {
        a.reply(old.alive() ? new Reply.AlreadyStarted<>(spec.id()) : invalid("already_present"));
        return;
      }
      ChildRecord rec = engine.newRecord(spec);
      engine.children.add(rec);
      engine.exclusive(done -> engine.actions.start(rec, (r, current) -> {
        if (!r.isOk()) {
          engine.children.remove(rec); // OTP discards the spec of a child that failed to start
        }
        a.reply(r);
        done.run();
      }));
    });
  }

  /** OTP {@code start_child(Sup, [Arg])} of simple_one_for_one: the child is named {@code arg}. */
  public Promise<Void> startChild(String arg) {
    if (!simple()) {
      return refused("startChild(name) is for simple_one_for_one; use startChild(ChildSpec)");
    }
    return this.<Void>submit(true, a -> {
      if (engine.children.get(arg) != null) {
        a.reply(new Reply.AlreadyStarted<>(arg));
        return;
      }
      startDynamic(arg, a);
    });
  }

  /**
   * Starts {@code arg} unless a child of that name exists (simple_one_for_one). Two concurrent
   * calls for one name start one server: the check and the start happen in one step of the
   * supervisor. A name that is already up answers at once without queueing.
   */
  public Promise<Void> ensureChild(String arg) {
    if (!simple()) {
      return refused("ensureChild is for simple_one_for_one supervisors");
    }
    ChildRecord up = engine.children.get(arg);
    if (up != null && up.status != ChildStatus.STOPPING && up.status != ChildStatus.STOPPED) {
      return Promise.completed(Reply.ok(null));
    }
    return this.<Void>submit(true, a -> {
      ChildRecord rec = engine.children.get(arg);
      if (rec == null) {
        startDynamic(arg, a);
      } else if (rec.status == ChildStatus.STOPPING) {
        a.reply(new Reply.Unavailable<>("child '" + arg + "' is stopping"));
      } else {
        a.reply(Reply.ok(null));
      }
    });
  }

  private void startDynamic(String arg, Answer<Void> a) {
    ChildRecord rec = engine.newRecord(engine.spec.template().withId(arg));
    engine.children.add(rec);
    engine.actions.start(rec, (r, current) -> {
      if (!r.isOk() && current) {
        engine.children.remove(rec);
      }
      a.reply(r);
    });
  }

  // --------------------------------------------------------------------- terminate / restart

  /**
   * OTP {@code terminate_child}: stops the child (shutdown rules); its spec is kept, except for a
   * temporary child or a dynamic one, which is forgotten.
   */
  public Promise<Void> terminateChild(String id) {
    return this.<Void>submit(true, a -> {
      ChildRecord rec = engine.children.get(id);
      if (rec == null) {
        a.reply(new Reply.NotFound<>(id));
      } else if (simple()) {
        engine.actions.stop(rec, () -> {
          engine.children.remove(rec);
          a.reply(Reply.ok(null));
        });
      } else {
        engine.exclusive(done -> engine.actions.stop(rec, () -> {
          if (rec.spec.restart() == Restart.TEMPORARY) {
            engine.children.remove(rec);
          }
          a.reply(Reply.ok(null));
          done.run();
        }));
      }
    });
  }

  /** OTP {@code restart_child}: starts a stopped child from its kept spec (static strategies). */
  public Promise<Void> restartChild(String id) {
    if (simple()) {
      return refused("simple_one_for_one");
    }
    return this.<Void>submit(true, a -> {
      ChildRecord rec = engine.children.get(id);
      String busy = rec == null ? null : activity(rec);
      if (rec == null) {
        a.reply(new Reply.NotFound<>(id));
      } else if (busy != null) {
        a.reply(invalid(busy));
      } else {
        engine.exclusive(done -> engine.actions.start(rec, (r, current) -> {
          a.reply(r);
          done.run();
        }));
      }
    });
  }

  /** OTP {@code delete_child}: forgets the spec of a stopped child (static strategies). */
  public Promise<Void> deleteChild(String id) {
    if (simple()) {
      return refused("simple_one_for_one");
    }
    return this.<Void>submit(true, a -> {
      ChildRecord rec = engine.children.get(id);
      String busy = rec == null ? null : activity(rec);
      if (rec == null) {
        a.reply(new Reply.NotFound<>(id));
      } else if (busy != null) {
        a.reply(invalid(busy));
      } else {
        engine.exclusive(done -> engine.actions.stop(rec, () -> { // waits out a removal
          engine.children.remove(rec);
          a.reply(Reply.ok(null));
          done.run();
        }));
      }
    });
  }

  /** {@code running} or {@code restarting} if the child is up, else null (OTP's errors). */
  private static String activity(ChildRecord rec) {
    return switch (rec.status) {
      case RUNNING, STARTING -> "running";
      case RESTARTING -> "restarting";
      case STOPPING, STOPPED -> null;
    };
  }

  // -------------------------------------------------------------------------------- queries

  /** OTP {@code which_children}, in start order. */
  public Promise<List<ChildInfo>> whichChildren() {
    return this.<List<ChildInfo>>submit(false, a -> {
      List<ChildInfo> out = new ArrayList<>();
      for (ChildRecord r : engine.children.inOrder()) {
        out.add(r.info());
      }
      a.reply(Reply.ok(List.copyOf(out)));
    });
  }

  /** OTP {@code count_children}. */
  public Promise<ChildCounts> countChildren() {
    return this.<ChildCounts>submit(false, a -> a.reply(Reply.ok(engine.children.counts())));
  }

  /** The engine of child supervisor {@code id} (its current incarnation). */
  public Promise<SupervisorEngine> childSupervisor(String id) {
    return this.<SupervisorEngine>submit(false, a -> {
      ChildRecord rec = engine.children.get(id);
      if (rec == null || rec.isWorker() || rec.sup == null) {
        a.reply(new Reply.NotFound<>(id));
      } else {
        a.reply(Reply.ok(rec.sup));
      }
    });
  }

  /** The subtree of this supervisor. */
  public Promise<TreeSnapshot> snapshot() {
    return this.<TreeSnapshot>submit(false, a -> Snapshots.take(engine, s -> a.reply(Reply.ok(s))));
  }
}
