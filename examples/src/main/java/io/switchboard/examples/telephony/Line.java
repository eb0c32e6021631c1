package io.switchboard.examples.telephony;

import static io.switchboard.examples.telephony.LineState.CONNECTED;
import static io.switchboard.examples.telephony.LineState.DIALING;
import static io.switchboard.examples.telephony.LineState.IDLE;
import static io.switchboard.examples.telephony.LineState.OFF_HOOK;
import static io.switchboard.examples.telephony.LineState.RINGING;

import io.switchboard.examples.telephony.LineEvent.Answered;
import io.switchboard.examples.telephony.LineEvent.Busy;
import io.switchboard.examples.telephony.LineEvent.NoAnswer;
import io.switchboard.examples.telephony.LineEvent.Release;
import io.switchboard.examples.telephony.LineEvent.Ringing;
import io.switchboard.examples.telephony.LineEvent.Seize;
import io.switchboard.examples.telephony.LineEvent.Unreachable;
import io.switchboard.supervisor.Codec;
import io.switchboard.supervisor.statem.Action;
import io.switchboard.supervisor.statem.EventType;
import io.switchboard.supervisor.From;
import io.switchboard.supervisor.statem.GenStatem;
import io.switchboard.supervisor.statem.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A telephone line as a {@link GenStatem}: the seed's "many concurrent state machines".
 *
 * <pre>
 *   idle ──off_hook──► off_hook ──dial B──► dialing ──B rings──► ringing ──B answers──► connected
 *    ▲  ◄──on_hook───┘   ▲  ◄─ busy / no answer / unreachable ─┘  ◄── no answer ──┘        │
 *    └──────────────────────────────────── on_hook ───────────────────────────────────────┘
 *   idle ──seized by A──► ringing ──answer──► connected          (the callee's side)
 * </pre>
 *
 * <h2>How two lines talk</h2>
 *
 * Each line is its own server, possibly on another loop. The step stays pure: it never calls
 * anything, it returns {@link Action#send} actions and the runtime casts them by name through the
 * host's outbox. A call is a small protocol of {@link LineEvent.Signal}s that all carry one
 * {@link CallRef}:
 *
 * <ol>
 *   <li>caller A, off hook, gets {@code dial B}: goes to {@code dialing}, sends {@code Seize} to B,
 *       holds the {@code dial} caller's reply target (a deferred reply) and starts a dial timeout;
 *   <li>B, if idle, goes to {@code ringing}, sends {@code Ringing} back and starts the ring
 *       timeout; if not idle it answers {@code Busy} and stays as it is;
 *   <li>A answers its {@code dial} with {@code ringing} or {@code busy};
 *   <li>B's user answers: B is {@code connected} and sends {@code Answered}; A becomes
 *       {@code connected} too. Nobody answers in time: B sends {@code NoAnswer} and goes idle;
 *   <li>either side hangs up: it goes idle and sends {@code Release}; the other, still holding
 *       its handset, goes to {@code off_hook}.
 * </ol>
 *
 * A signal about a call the line is no longer in is stale: it is ignored, except {@code Ringing}
 * and {@code Answered}, which are answered with {@code Release} so the other side never stays
 * ringing or connected alone. That is what keeps connected pairs symmetric whatever the
 * interleaving (a property test checks it).
 *
 * <p>Call setup and teardown are also sent to {@value #EVENTS}, the event manager.
 *
 * <p>The reply to {@code dial} is deferred, as in OTP: the line keeps the caller's {@code From}
 * and answers {@code ringing}, {@code busy} or {@code unreachable} when the callee's signal
 * arrives, or {@code no_answer} when neither did within the dial timeout — for an in-process
 * {@link GenStatem#call} and for a call on the wire (the node, or another node forwarding it)
 * alike.
 */
public final class Line implements GenStatem<LineState, LineData, LineEvent, String> {
  /** The event manager's name: call setup/teardown notices are sent there. */
  public static final String EVENTS = "events";

  private final String name;
  private final Config config;
  private final LongSupplier callIds;

  /**
   * Timeouts of a line.
   *
   * @param ringTimeout how long a callee rings before it gives up (default 30 s)
   * @param dialTimeout how long a caller waits for the callee to ring or be busy (default 5 s)
   */
  public record Config(Duration ringTimeout, Duration dialTimeout) {
    public static final Config DEFAULT = new Config(Duration.ofSeconds(30), Duration.ofSeconds(5));

    public Config {
      Objects.requireNonNull(ringTimeout, "ringTimeout");
      Objects.requireNonNull(dialTimeout, "dialTimeout");
    }
  }

  /**
   * @param name this line's server name (the caller in the calls it places)
   * @param callIds a source of ids unique to this line's calls, even across restarts (injected like
   *     a clock; tests pass a counter)
   */
  public Line(String name, Config config, LongSupplier callIds) {
    this.name = Objects.requireNonNull(name, "name");
    this.config = Objects.requireNonNull(config, "config");
    this.callIds = Objects.requireNonNull(callIds, "callIds");
  }

  static Transition<LineState, LineData, LineEvent, String> next(LineState s, LineData d, List<Action<LineEvent, String>> actions) {
    return Transition.nextState(s, d, actions);
  }

  static Transition<LineState, LineData, LineEvent, String> keep(List<Action<LineEvent, String>> actions) {
    return new Transition<>(Transition.Kind.KEEP_STATE, null, null, true, actions, null);
  }

  @Override
  public Transition<LineState, LineData, LineEvent, String> init() {
    return Transition.nextState(IDLE, LineData.NONE);
  }

  @Override
  public Transition<LineState, LineData, LineEvent, String> handleEvent(EventType type, LineEvent event, LineState state, LineData data) {
    if (event instanceof LineEvent.Input in) {
      return LineInputs.handle(this, type, in, state, data);
    }
    if (event instanceof LineEvent.Signal s) {
      return signal(s, state, data);
    }
    return timeout(state, data);
  }

  @Override
  public Codec<LineEvent, String> codec() {
    return LineCodec.INSTANCE;
  }

  @Override
  public String kind() {
    return "line";
  }

  String name() {
    return name;
  }

  Config config() {
    return config;
  }

  long newCallId() {
    return callIds.getAsLong();
  }

  /** The reply to {@code state}: {@code idle}, {@code connected line-b}, ... */
  String describe(LineState state, LineData data) {
    String peer = data.peer(name);
    return peer == null ? state.wire() : state.wire() + " " + peer;
  }

  // ---------------------------------------------------------------- signals from other lines

  private Transition<LineState, LineData, LineEvent, String> signal(LineEvent.Signal s, LineState state, LineData data) {
    CallRef ref = s.call();
    List<Action<LineEvent, String>> out = new ArrayList<>(3);
    if (s instanceof Seize) {
      if (state != IDLE) {
        out.add(Action.send(ref.caller(), new Busy(ref)));
        return keep(out);
      }
      out.add(Action.send(ref.caller(), new Ringing(ref)));
      out.add(Action.stateTimeout(config.ringTimeout(), LineEvent.TIMEOUT));
      return next(RINGING, new LineData(ref, false, null), out);
    }
    if (!data.is(ref)) {
      if (s instanceof Ringing || s instanceof Answered) {
        out.add(Action.send(ref.callee(), new Release(ref))); // they think we want them: we don't
      }
      return keep(out);
    }
    return ourCall(s, state, data, out);
  }

  private Transition<LineState, LineData, LineEvent, String> ourCall(LineEvent.Signal s, LineState state, LineData data, List<Action<LineEvent, String>> out) {
    CallRef ref = data.call();
    if (s instanceof Ringing && state == DIALING) {
      reply(out, data.pending(), "ringing");
      out.add(Action.stateTimeout(config.ringTimeout().plus(config.dialTimeout()),
          LineEvent.TIMEOUT));
      return next(RINGING, new LineData(ref, true, null), out);
    }
    if (s instanceof Busy && state == DIALING) {
      reply(out, data.pending(), "busy");
      out.add(Action.send(EVENTS, new CallEvent.Busy(ref)));
      return next(OFF_HOOK, LineData.NONE, out);
    }
    if (s instanceof Unreachable && state == DIALING) {
      reply(out, data.pending(), "unreachable");
      return next(OFF_HOOK, LineData.NONE, out);
    }
    if (s instanceof Answered && state == RINGING && data.caller()) {
      return next(CONNECTED, data, out);
    }
    if (s instanceof NoAnswer || s instanceof Release) {
      reply(out, data.pending(), s instanceof NoAnswer ? "no_answer" : "released");
      boolean handsetDown = state == RINGING && !data.caller();
      return next(handsetDown ? IDLE : OFF_HOOK, LineData.NONE, out);
    }
    return keep(out);
  }

  // ---------------------------------------------------------------- state timeouts

  private Transition<LineState, LineData, LineEvent, String> timeout(LineState state, LineData data) {
    CallRef ref = data.call();
    List<Action<LineEvent, String>> out = new ArrayList<>(3);
    if (state == DIALING) {
      reply(out, data.pending(), "no_answer");
      out.add(Action.send(ref.callee(), new Release(ref)));
      return next(OFF_HOOK, LineData.NONE, out);
    }
    if (state == RINGING && !data.caller()) {
      out.add(Action.send(ref.caller(), new NoAnswer(ref)));
      out.add(Action.send(EVENTS, new CallEvent.NoAnswer(ref)));
      return next(IDLE, LineData.NONE, out);
    }
    if (state == RINGING) {
      out.add(Action.send(ref.callee(), new Release(ref)));
      return next(OFF_HOOK, LineData.NONE, out);
    }
    return keep(out);
  }

  static void reply(List<Action<LineEvent, String>> out, From to, String text) {
    if (to != null) {
      out.add(Action.reply(to, text));
    }
  }
}
