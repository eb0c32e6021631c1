package io.switchboard.supervisor;

import java.nio.charset.StandardCharsets;

/**
 * The seed's counter, for the library's own tests: {@code INCREMENT}, {@code READ},
 * {@code RESET}, and {@code RESET} at 0 crashes on purpose so supervisors have something to
 * restart. Wire format: UTF-8 {@code increment}, {@code read}, {@code reset} → {@code ack} or the
 * value.
 *
 * <p>A test-only copy: the example users see ({@code io.switchboard.examples.Counter}, persisted
 * to a file, with a state codec) lives in the {@code switchboard-examples} module, which depends
 * on this library and so cannot serve its tests.
 */
final class Counter implements GenServer<Counter.Input, Long, Counter.Output> {

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

  @Override
  public Long init() {
    return 0L;
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
  public Codec<Input, Output> codec() {
    return TextCodec.INSTANCE;
  }

  @Override
  public String kind() {
    return "counter";
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
            + text + "'");
      };
    }

    @Override
    public byte[] encode(Output output) {
      return output.toString().getBytes(StandardCharsets.UTF_8);
    }
  }
}
