package io.switchboard.examples;

import io.switchboard.supervisor.Codec;
import io.switchboard.supervisor.DecodeException;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.StateCodec;
import io.switchboard.supervisor.Step;
import io.switchboard.supervisor.persist.ValueFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The seed's counter: {@code Increment}, {@code Read}, {@code Reset}; {@code Reset} when the value
 * is 0 crashes on purpose (the seed's deliberate bug), so supervisors have something to restart.
 *
 * <p>With a file, {@code init} loads the saved value (missing file → 0, a corrupt file → an error
 * naming the file) and {@code terminate} saves it atomically ({@link ValueFile}).
 *
 * <p>Wire format (UTF-8 text): inputs {@code increment}, {@code read}, {@code reset}; outputs
 * {@code ack} or the value in decimal.
 */
public final class Counter implements GenServer<Counter.Input, Long, Counter.Output> {

  /** The counter's inputs. */
  public enum Input {
    INCREMENT,
    READ,
    RESET
  }

  /** The counter's outputs. */
  public sealed interface Output {}

  /** Acknowledges {@code increment} and {@code reset}. */
  public record Ack() implements Output {
    @Override
    public String toString() {
      return "ack";
    }
  }

  /** The value, for {@code read}. */
  public record Value(long value) implements Output {
    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  public static final Output ACK = new Ack();

  private final @Nullable ValueFile file;

  /** A counter that is not persisted. */
  public Counter() {
    this.file = null;
  }

  /** A counter saved in {@code file}. */
  public Counter(Path file) {
    this.file = new ValueFile(file);
  }

  @Override
  public Long init() throws IOException {
    if (file == null) {
      return 0L;
    }
    Optional<byte[]> saved = file.read();
    if (saved.isEmpty()) {
      return 0L;
    }
    String text = new String(saved.get(), StandardCharsets.UTF_8).trim();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException("corrupt counter file " + file.path() + ": not a number: '"
          + abbreviate(text) + "'", e);
    }
  }

  @Override
  public Step<Long, Output> step(Input input, Long state) {
    return switch (input) {
      case INCREMENT -> Step.of(state + 1, ACK);
      case READ -> Step.of(state, new Value(state));
      case RESET -> {
        if (state == 0) {
          throw new IllegalStateException("reset of a counter that is already 0 (deliberate bug)");
        }
        yield Step.of(0L, ACK);
      }
    };
  }

  @Override
  public void terminate(ExitReason reason, Long state) throws IOException {
    if (file != null && state != null) {
      file.write(Long.toString(state).getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public Codec<Input, Output> codec() {
    return TextCodec.INSTANCE;
  }

  @Override
  public StateCodec<Long> stateCodec() {
    return StateText.INSTANCE;
  }

  @Override
  public String kind() {
    return "counter";
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private enum TextCodec implements Codec<Input, Output> {
    INSTANCE;

    @Override
    public Input decode(byte[] bytes) throws DecodeException {
      String text = new String(bytes, StandardCharsets.UTF_8).trim();
      return switch (text) {
        case "increment" -> Input.INCREMENT;
        case "read" -> Input.READ;
        case "reset" -> Input.RESET;
        default -> throw new DecodeException("counter takes increment, read or reset; got '"
            + abbreviate(text) + "'");
      };
    }

    @Override
    public byte[] encode(Output output) {
      return output.toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  private enum StateText implements StateCodec<Long> {
    INSTANCE;

    @Override
    public byte[] encode(Long state) {
      return Long.toString(state).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Long decode(byte[] bytes) throws DecodeException {
      String text = new String(bytes, StandardCharsets.UTF_8).trim();
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new DecodeException("counter state is a decimal number; got '" + abbreviate(text)
            + "'");
      }
    }
  }
}
