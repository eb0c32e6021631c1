package io.switchboard.supervisor.statem;

import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.Reply;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The runtime of one running state machine: current state and data, the events queued inside the
 * current step, postponed events, and the armed timers. It applies {@link Transition}s with OTP
 * {@code gen_statem} semantics and reaches the outside world only through a {@link TimerPort}
 * and an {@link Outbox}, so the same code runs purely ({@link StatemRun}) and hosted
 * ({@link StatemServer}).
 *
 * <h2>One step</h2>
 *
 * An external event is queued and the queue is drained: each event first cancels the event
 * timeout, then {@code handleEvent} runs and its transition is applied: new state and data; on a
 * state change the state timeout is cancelled; actions in order; a postponed event is kept; on a
 * state change the postponed events go back to the front of the queue (oldest first), with
 * next-events in front of them; then the enter call (repeated while it says {@code repeatState}).
 * When the queue is empty, the last requested event timeout is armed. Everything is bounded by
 * {@link Limits}; passing a bound is a crash with a message that names it.
 *
 * <p>Not thread-safe: one thread (the owning loop, or the test) drives it.
 */
final class Machine<S, D, E, O> {

  /**
   * Bounds for one machine.
   *
   * @param maxPostponed events held postponed at once
   * @param maxEventsPerStep events and enter calls handled in one step (catches postpone and
   *     next-event loops)
   * @param maxGenericTimeouts named timeouts armed at once
   */
  record Limits(int maxPostponed, int maxEventsPerStep, int maxGenericTimeouts) {}

  static final Limits DEFAULT_LIMITS = new Limits(10_000, 10_000, 1_000);

  private record Pending<E>(EventType type, E content) {}

  private final GenStatem<S, D, E, O> statem;
  private final TimerPort timers;
  private final Outbox outbox;
  private final Limits limits;
  private S state;
  private D data;
  private @Nullable ExitReason stopped;
  private @Nullable ArrayDeque<Pending<E>> queue;
  private @Nullable ArrayDeque<Pending<E>> postponed;
  private @Nullable Timeouts timeouts;
  private boolean started;
  private Action.@Nullable EventTimeout<E, O> wantedEventTimeout;
  private int budget;

  Machine(GenStatem<S, D, E, O> statem, TimerPort timers, Outbox outbox, Limits limits) {
    this.statem = statem;
    this.timers = timers;
    this.outbox = outbox;
    this.limits = limits;
  }

  S state() {
    return state;
  }

  D data() {
    return data;
  }

  /** Why the machine stopped, or {@code null} while it runs. */
  @Nullable ExitReason stopped() {
    return stopped;
  }

  /** The handle of an armed timeout ({@code null} if not armed). */
  @Nullable Object armed(EventType key) {
    return timeouts == null ? null : timeouts.handle(key);
  }

  /** Runs {@code init}, its actions, the first enter call and any inserted events. */
  void start() throws Exception {
    budget = limits.maxEventsPerStep();
    Transition<S, D, E, O> t = statem.init();
    Objects.requireNonNull(t, "init returned null");
    if (t.kind() == Transition.Kind.STOP) {
      stopped = t.reason();
      return;
    }
    if (t.kind() != Transition.Kind.NEXT_STATE) {
      throw new IllegalStateException("init must return nextState or stop, got " + t.kind());
    }
    state = t.state();
    data = t.data();
    started = true;
    applyActions(t.actions(), null, false, false);
    enterLoop(state);
    drain(queue == null ? null : queue.pollFirst());
  }

  /** Handles one external event (and whatever it leads to within this step). */
  void handle(EventType type, E content) throws Exception {
    if (stopped != null) {
      throw new IllegalStateException("state machine stopped: " + stopped);
    }
    budget = limits.maxEventsPerStep();
    drain(new Pending<>(type, content));
  }

  /**
   * A timer is due: handles its event if it is still the armed one. Returns false for a stale
   * timer (cancelled, re-armed, or the machine stopped), which is then ignored.
   */
  @SuppressWarnings("unchecked")
  boolean fire(EventType key, long token, Object content) throws Exception {
    if (stopped != null || timeouts == null || !timeouts.take(key, token)) {
      return false;
    }
    handle(key, (E) content);
    return true;
  }

  /**
   * Stops the runtime: cancels every timer, fails postponed calls (their callers would otherwise
   * wait for their deadline), then runs {@code terminate} (not if {@code init} refused to start,
   * as in OTP). Its throw propagates.
   */
  void terminate(ExitReason reason) throws Exception {
    if (stopped == null) {
      stopped = reason;
    }
    if (timeouts != null) {
      timeouts.cancelAll();
    }
    Reply.Unavailable<Object> gone = new Reply.Unavailable<>("state machine stopped: " + reason);
    for (ArrayDeque<Pending<E>> q : java.util.Arrays.asList(postponed, queue)) {
      if (q != null) {
        for (Pending<E> p : q) {
          if (p.type() instanceof EventType.Call c) {
            c.from().fail(gone);
          }
        }
        q.clear();
      }
    }
    if (started) {
      statem.terminate(reason, state, data);
    }
  }

  // ---------------------------------------------------------------- applying transitions

  /** Handles {@code first}, then every event queued meanwhile; then arms the event timeout. */
  private void drain(Pending<E> first) throws Exception {
    Pending<E> p = first;
    while (stopped == null && p != null) {
      spend();
      cancelTimer(EventType.EVENT_TIMEOUT);
      wantedEventTimeout = null;
      Transition<S, D, E, O> t = statem.handleEvent(p.type(), p.content(), state, data);
      Objects.requireNonNull(t, "handleEvent returned null");
      S old = state;
      if (apply(t, p, false)) {
        enterLoop(old);
      }
      p = queue == null ? null : queue.pollFirst();
    }
    if (queue != null && queue.isEmpty()) {
      queue = null; // an idle machine holds no queue: millions of them must stay small
    }
    Action.EventTimeout<E, O> et = wantedEventTimeout;
    wantedEventTimeout = null;
    if (stopped == null && et != null) {
      timeouts().arm(EventType.EVENT_TIMEOUT, et.after(), et.content());
    }
  }

  /** Runs the enter call until it neither repeats nor stops. */
  private void enterLoop(S old) throws Exception {
    boolean again = true;
    while (again && stopped == null) {
      spend();
      Transition<S, D, E, O> t = statem.enter(old, state, data);
      Objects.requireNonNull(t, "enter returned null");
      old = state;
      again = apply(t, null, true);
    }
  }

  /** Applies a transition; returns true if the enter call must run. */
  private boolean apply(Transition<S, D, E, O> t, Pending<E> current, boolean inEnter) {
    if (!t.keepData()) {
      data = t.data();
    }
    if (t.kind() == Transition.Kind.STOP) {
      applyActions(t.actions(), current, inEnter, false);
      stopped = t.reason();
      return false;
    }
    boolean changed = false;
    if (t.kind() == Transition.Kind.NEXT_STATE && !Objects.equals(t.state(), state)) {
      if (inEnter) {
        throw new IllegalStateException("a state enter call cannot change the state (from "
            + state + " to " + t.state() + "); change it from handleEvent");
      }
      changed = true;
      state = t.state();
      cancelTimer(EventType.STATE_TIMEOUT);
    }
    applyActions(t.actions(), current, inEnter, changed);
    return changed || t.kind() == Transition.Kind.REPEAT_STATE;
  }

  private void applyActions(
      List<Action<E, O>> actions, Pending<E> current, boolean inEnter, boolean changed) {
    List<Pending<E>> inserted = null;
    boolean postpone = false;
    for (Action<E, O> a : actions) {
      if (a instanceof Action.ReplyTo<E, O> r) {
        r.from().reply(r.value());
      } else if (a instanceof Action.Postpone<E, O>) {
        if (inEnter || current == null) {
          throw new IllegalStateException("postpone is only allowed when handling an event");
        }
        postpone = true;
      } else if (a instanceof Action.EventTimeout<E, O> et) {
        wantedEventTimeout = et;
      } else if (a instanceof Action.StateTimeout<E, O> st) {
        timeouts().arm(EventType.STATE_TIMEOUT, st.after(), st.content());
      } else if (a instanceof Action.GenericTimeout<E, O> gt) {
        timeouts().arm(new EventType.GenericTimeout(gt.name()), gt.after(), gt.content());
      } else if (a instanceof Action.Cancel<E, O> c) {
        cancelTimer(c.which());
        if (c.which() instanceof EventType.EventTimeout) {
          wantedEventTimeout = null;
        }
      } else if (a instanceof Action.NextEvent<E, O> n) {
        if (inEnter) {
          throw new IllegalStateException("a state enter call cannot insert events");
        }
        inserted = add(inserted, new Pending<>(EventType.INTERNAL, n.content()));
      } else if (a instanceof Action.Send<E, O> s) {
        Reply<Void> sent = outbox.send(s.to(), s.message());
        if (!sent.isOk() && s.ifUndeliverable() != null) {
          inserted = add(inserted, new Pending<>(EventType.INTERNAL, s.ifUndeliverable()));
        }
      }
    }
    if (postpone) {
      if (postponed().size() >= limits.maxPostponed()) {
        throw new IllegalStateException("more than " + limits.maxPostponed()
            + " postponed events in state " + state);
      }
      postponed.addLast(current);
    }
    if (changed && postponed != null && !postponed.isEmpty()) {
      while (!postponed.isEmpty()) {
        queue().addFirst(postponed.pollLast());
      }
      postponed = null;
    }
    if (inserted != null) {
      for (int i = inserted.size() - 1; i >= 0; i--) {
        queue().addFirst(inserted.get(i));
      }
    }
  }

  private static <T> List<T> add(List<T> list, T item) {
    List<T> l = list == null ? new ArrayList<>(2) : list;
    l.add(item);
    return l;
  }

  private void spend() {
    if (--budget < 0) {
      throw new IllegalStateException("more than " + limits.maxEventsPerStep()
          + " events and enter calls in one step: a postpone, next-event or repeat-state loop?");
    }
  }

  // ---------------------------------------------------------------- timers

  private Timeouts timeouts() {
    if (timeouts == null) {
      timeouts = new Timeouts(this, timers, limits.maxGenericTimeouts());
    }
    return timeouts;
  }

  private void cancelTimer(EventType key) {
    if (timeouts != null) {
      timeouts.cancel(key);
    }
  }

  private ArrayDeque<Pending<E>> queue() {
    if (queue == null) {
      queue = new ArrayDeque<>(4);
    }
    return queue;
  }

  private ArrayDeque<Pending<E>> postponed() {
    if (postponed == null) {
      postponed = new ArrayDeque<>(4);
    }
    return postponed;
  }
}
