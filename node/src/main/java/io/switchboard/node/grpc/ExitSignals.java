package io.switchboard.node.grpc;

import io.switchboard.supervisor.ExitReason;
import java.util.regex.Pattern;

/**
 * The reasons {@code Kill} accepts, as OTP's {@code exit(Pid, Reason)} takes them: {@code kill}
 * (brutal: {@code terminate} does not run; the default), {@code normal}, {@code shutdown}, or any
 * other word, an abnormal exit with that reason. Pure.
 */
public final class ExitSignals {
  private static final Pattern WORD = Pattern.compile("[\\x21-\\x7e]{1,64}");

  private ExitSignals() {}

  /**
   * The exit reason for {@code text}.
   *
   * @throws IllegalArgumentException for text that is not 1..64 printable ASCII characters
   *     without spaces
   */
  public static ExitReason parse(String text) {
    return switch (text) {
      case "", "kill", "killed" -> ExitReason.KILLED;
      case "normal" -> ExitReason.NORMAL;
      case "shutdown" -> ExitReason.SHUTDOWN;
      default -> {
        if (!WORD.matcher(text).matches()) {
          throw new IllegalArgumentException("a kill reason is 'kill', 'normal', 'shutdown' or"
              + " one word of 1..64 printable characters, got '" + text + "'");
        }
        yield ExitReason.crash(new ExitSignal(text));
      }
    };
  }

  /** What an abnormal exit signal carries: the sender's reason. Never thrown. */
  public static final class ExitSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExitSignal(String reason) {
      super(reason, null, false, false);
    }

    @Override
    public String toString() {
      return "exit signal " + getMessage();
    }
  }
}
