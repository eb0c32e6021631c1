package io.switchboard.examples.bank;

import io.switchboard.supervisor.Codec;
import io.switchboard.supervisor.DecodeException;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.StateCodec;
import io.switchboard.supervisor.Step;
import java.nio.charset.StandardCharsets;

/**
 * One bank account: its state is the balance (a {@code long}, 0 at {@code init}).
 *
 * <p>Wire format (UTF-8 text): {@code deposit N}, {@code withdraw N} (N a whole number of
 * 1..{@code maxBalance}) and {@code balance}. Replies: {@code ok <balance>};
 * {@code insufficient_funds <balance>} when a withdrawal exceeds the balance;
 * {@code limit_exceeded <balance>} when a deposit would take it over {@code maxBalance}; the
 * balance for {@code balance}. Anything else is refused by the codec (the caller gets
 * {@code INVALID_ARGUMENT}), so bad input never reaches the step and never crashes the account.
 */
public final class Account implements GenServer<Account.Input, Long, String> {

  /** An account's inputs. */
  public sealed interface Input {}

  /** Adds {@code amount} to the balance. */
  public record Deposit(long amount) implements Input {}

  /** Takes {@code amount} from the balance, if it is there. */
  public record Withdraw(long amount) implements Input {}

  /** Asks for the balance. */
  public record Balance() implements Input {}

  private final long maxBalance;

  /** An account whose balance never exceeds {@code maxBalance} (at least 1). */
  public Account(long maxBalance) {
    if (maxBalance < 1) {
      throw new IllegalArgumentException("maxBalance must be at least 1, got " + maxBalance);
    }
    this.maxBalance = maxBalance;
  }

  @Override
  public Long init() {
    return 0L;
  }

  @Override
  public Step<Long, String> step(Input input, Long balance) {
    if (input instanceof Deposit d) {
      return d.amount() > maxBalance - balance
          ? Step.of(balance, "limit_exceeded " + balance)
          : Step.of(balance + d.amount(), "ok " + (balance + d.amount()));
    }
    if (input instanceof Withdraw w) {
      return w.amount() > balance
          ? Step.of(balance, "insufficient_funds " + balance)
          : Step.of(balance - w.amount(), "ok " + (balance - w.amount()));
    }
    return Step.of(balance, Long.toString(balance));
  }

  @Override
  public Codec<Input, String> codec() {
    return new Codec<>() {
      @Override
      public Input decode(byte[] bytes) throws DecodeException {
        return parse(new String(bytes, StandardCharsets.UTF_8).trim());
      }

      @Override
      public byte[] encode(String output) {
        return output.getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  /** The balance as decimal text. */
  @Override
  public StateCodec<Long> stateCodec() {
    return new StateCodec<>() {
      @Override
      public byte[] encode(Long balance) {
        return Long.toString(balance).getBytes(StandardCharsets.US_ASCII);
      }

      @Override
      public Long decode(byte[] bytes) throws DecodeException {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        try {
          long balance = Long.parseLong(text);
          if (balance < 0) {
            throw new DecodeException("a balance is never negative, got " + balance);
          }
          return balance;
        } catch (NumberFormatException e) {
          throw new DecodeException("not a balance: '" + text + "'");
        }
      }
    };
  }

  @Override
  public String kind() {
    return "account";
  }

  Input parse(String text) throws DecodeException {
    if (text.equals("balance")) {
      return new Balance();
    }
    String[] words = text.split(" +");
    if (words.length == 2 && (words[0].equals("deposit") || words[0].equals("withdraw"))) {
      long amount = amount(words[1]);
      return words[0].equals("deposit") ? new Deposit(amount) : new Withdraw(amount);
    }
    throw new DecodeException("expected 'deposit N', 'withdraw N' or 'balance', got '"
        + (text.length() > 64 ? text.substring(0, 64) + "…" : text) + "'");
  }

  private long amount(String word) throws DecodeException {
    long amount;
    try {
      amount = Long.parseLong(word);
    } catch (NumberFormatException e) {
      throw new DecodeException("the amount must be a whole number of 1.." + maxBalance
          + ", got '" + word + "'");
    }
    if (amount < 1 || amount > maxBalance) {
      throw new DecodeException("the amount must be 1.." + maxBalance + ", got " + amount);
    }
    return amount;
  }
}
