package io.switchboard.examples.telephony;

import io.switchboard.supervisor.Codec;
import io.switchboard.supervisor.DecodeException;
import java.nio.charset.StandardCharsets;

/**
 * A line's wire format, UTF-8 text: inputs {@code off_hook}, {@code dial <line>}, {@code answer},
 * {@code on_hook}, {@code state}; replies are the text the line answers ({@code ok},
 * {@code ringing}, {@code busy}, {@code connected line-b}, {@code error: ...}).
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

  @Override
  public byte[] encode(String reply) {
    return (reply == null ? "" : reply).getBytes(StandardCharsets.UTF_8);
  }
}
