package io.switchboard.examples.telephony;

import static io.switchboard.examples.telephony.Line.keep;
import static io.switchboard.examples.telephony.Line.next;
import static io.switchboard.examples.telephony.LineState.CONNECTED;
import static io.switchboard.examples.telephony.LineState.DIALING;
import static io.switchboard.examples.telephony.LineState.IDLE;
import static io.switchboard.examples.telephony.LineState.OFF_HOOK;
import static io.switchboard.examples.telephony.LineState.RINGING;

import io.switchboard.examples.telephony.LineEvent.Answered;
import io.switchboard.examples.telephony.LineEvent.Release;
import io.switchboard.examples.telephony.LineEvent.Seize;
import io.switchboard.examples.telephony.LineEvent.Unreachable;
import io.switchboard.supervisor.statem.Action;
import io.switchboard.supervisor.statem.EventType;
import io.switchboard.supervisor.From;
import io.switchboard.supervisor.statem.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * The user's side of a {@link Line}: {@code off_hook}, {@code dial}, {@code answer},
 * {@code on_hook}, {@code state}. Pure functions of (input, state, data). An input that makes no
 * sense in the current state is answered with {@code error: ...} and changes nothing.
 */
final class LineInputs {
  private LineInputs() {}

  static Transition<LineState, LineData, LineEvent, String> handle(
      Line line, EventType type, LineEvent.Input in, LineState state, LineData data) {
    From from = type instanceof EventType.Call c ? c.from() : null;
    List<Action<LineEvent, String>> out = new ArrayList<>(4);
    if (in instanceof LineEvent.State) {
      Line.reply(out, from, line.describe(state, data));
      return keep(out);
    }
    if (in instanceof LineEvent.OffHook) {
      if (state != IDLE) {
        return error(out, from, "off_hook needs an idle line; this one is " + state.wire());
      }
      Line.reply(out, from, "ok");
      return next(OFF_HOOK, LineData.NONE, out);
    }
    if (in instanceof LineEvent.Dial d) {
      return dial(line, d.line(), from, state, out);
    }
    if (in instanceof LineEvent.Answer) {
      if (state != RINGING || data.caller()) {
        return error(out, from, "answer needs an incoming ring; this line is "
            + line.describe(state, data));
      }
      CallRef ref = data.call();
      Line.reply(out, from, "connected " + ref.caller());
      out.add(Action.send(ref.caller(), new Answered(ref)));
      out.add(Action.send(Line.EVENTS, new CallEvent.Setup(ref)));
      return next(CONNECTED, data, out);
    }
    return onHook(line, from, state, data, out);
  }

  private static Transition<LineState, LineData, LineEvent, String> dial(
      Line line, String target, From from, LineState state, List<Action<LineEvent, String>> out) {
    if (state != OFF_HOOK) {
      return error(out, from, "dial needs off_hook; this line is " + state.wire());
    }
    if (target.equals(line.name())) {
      Line.reply(out, from, "busy");
      return keep(out);
    }
    CallRef ref = new CallRef(line.name(), target, line.newCallId());
    out.add(Action.send(target, new Seize(ref), new Unreachable(ref)));
    out.add(Action.send(Line.EVENTS, new CallEvent.Attempt(ref)));
    out.add(Action.stateTimeout(line.config().dialTimeout(), LineEvent.TIMEOUT));
    return next(DIALING, new LineData(ref, true, from), out);
  }

  private static Transition<LineState, LineData, LineEvent, String> onHook(
      Line line, From from, LineState state, LineData data, List<Action<LineEvent, String>> out) {
    if (state == IDLE) {
      return error(out, from, "on_hook: the line is already idle");
    }
    if (state == RINGING && !data.caller()) {
      return error(out, from, "on_hook: the line is ringing, not off hook; answer it");
    }
    Line.reply(out, from, "ok");
    CallRef ref = data.call();
    if (ref != null) {
      Line.reply(out, data.pending(), "cancelled");
      out.add(Action.send(ref.other(line.name()), new Release(ref)));
      if (state == CONNECTED) {
        out.add(Action.send(Line.EVENTS, new CallEvent.Teardown(ref, line.name())));
      }
    }
    return next(IDLE, LineData.NONE, out);
  }

  private static Transition<LineState, LineData, LineEvent, String> error(
      List<Action<LineEvent, String>> out, From from, String message) {
    Line.reply(out, from, "error: " + message);
    return keep(out);
  }
}
