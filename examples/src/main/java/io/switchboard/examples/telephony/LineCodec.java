package io.switchboard.examples.telephony;

import io.switchboard.supervisor.Codec;
import io.switchboard.supervisor.DecodeException;
import java.nio.charset.StandardCharsets;

/**
 * A line's wire format, UTF-8 text: inputs {@code off_hook}, {@code dial <line>}, {@code answer},
 * {@code on_hook}, {@code state}; replies are the text the line answers ({@code ok},
 * {@code ringing}, {@code busy}, {@code connected line-b}, {@code error: ...}). Signals between
 * lines on different nodes travel as {@code signal <kind> <caller> <callee> <call id>} ({@link
 * #encodeSignal}); like any Erlang message, anyone may send one, and a line ignores a signal
 * about a call it is not in.
 */
enum LineCodec implements Codec<LineEvent, String> {
  INSTANCE;

  /** Longest accepted input (a line name is a server name, at most 1024 characters). */
  static final int MAX_INPUT = 1100;

  @Override
  public LineEvent decode(byte[] bytes) throws DecodeException {
    if (bytes.length > MAX_INPUT) {
      throw new DecodeException("a line input is at most " + MAX_INPUT + " bytes");
    }
    String text = new String(bytes, StandardCharsets.UTF_8).trim();
    switch (text) {
      case "off_hook":
        return LineEvent.OFF_HOOK;
      case "answer":
        return LineEvent.ANSWER;
      case "on_hook":
        return LineEvent.ON_HOOK;
      case "state":
        return LineEvent.STATE;
      default:
        break;
    }
    if (text.startsWith(SIGNAL)) {
      return signal(text);
    }
    if (text.startsWith("dial ")) {
      String target = text.substring(5).trim();
      if (!TelephonyExchange.isLine(target) || target.contains(" ")) {
        throw new DecodeException("dial takes a line name like line-42; got '" + target + "'");
      }
      return new LineEvent.Dial(target);
    }
    throw new DecodeException("a line takes off_hook, dial <line>, answer, on_hook or state; got '"
        + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'");
  }

  private static final String SIGNAL = "signal ";

  /** The wire form of a signal from one line to another. */
  static byte[] encodeSignal(LineEvent.Signal s) {
    CallRef c = s.call();
    String kind;
    if (s instanceof LineEvent.Seize) {
      kind = "seize";
    } else if (s instanceof LineEvent.Ringing) {
      kind = "ringing";
    } else if (s instanceof LineEvent.Busy) {
      kind = "busy";
    } else if (s instanceof LineEvent.Answered) {
      kind = "answered";
    } else if (s instanceof LineEvent.NoAnswer) {
      kind = "no_answer";
    } else if (s instanceof LineEvent.Release) {
      kind = "release";
    } else {
      kind = "unreachable";
    }
    return (SIGNAL + kind + " " + c.caller() + " " + c.callee() + " " + c.id())
        .getBytes(StandardCharsets.UTF_8);
  }

  private static LineEvent.Signal signal(String text) throws DecodeException {
    String[] f = text.split(" ");
    if (f.length != 5 || !TelephonyExchange.isLine(f[2]) || !TelephonyExchange.isLine(f[3])) {
      throw new DecodeException("a signal is 'signal <kind> <caller line> <callee line> <call "
          + "id>'");
    }
    long id;
    try {
      id = Long.parseLong(f[4]);
    } catch (NumberFormatException e) {
      throw new DecodeException("a signal's call id is a number; got '" + f[4] + "'");
    }
    CallRef c = new CallRef(f[2], f[3], id);
    return switch (f[1]) {
      case "seize" -> new LineEvent.Seize(c);
      case "ringing" -> new LineEvent.Ringing(c);
      case "busy" -> new LineEvent.Busy(c);
      case "answered" -> new LineEvent.Answered(c);
      case "no_answer" -> new LineEvent.NoAnswer(c);
      case "release" -> new LineEvent.Release(c);
      case "unreachable" -> new LineEvent.Unreachable(c);
      default -> throw new DecodeException("unknown signal '" + f[1] + "'");
    };
  }

  @Override
  public byte[] encode(String reply) {
    return (reply == null ? "" : reply).getBytes(StandardCharsets.UTF_8);
  }
}
