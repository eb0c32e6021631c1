package io.switchboard.examples.bank;

import io.switchboard.supervisor.Durability;
import io.switchboard.supervisor.PrefixTemplate;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorSpec;
import io.switchboard.supervisor.app.AppContext;
import io.switchboard.supervisor.app.AppInstance;
import io.switchboard.supervisor.app.AppProvider;
import org.jspecify.annotations.Nullable;

/**
 * The bank application ({@code --app bank}): a root supervisor {@value #NAME}
 * ({@code one_for_one}) over the accounts' {@code simple_one_for_one} supervisor
 * {@value #ACCOUNTS}, and the {@code account-<id>} template: an {@link Account} started on demand,
 * cluster-scoped and {@link Durability#REPLICATED} (in a cluster every acknowledged deposit or
 * withdrawal is committed on a majority of its shard's replicas, and a new leader starts the
 * account from the committed balance).
 *
 * <p>Setting: {@code bank-max-balance} ({@code SWITCHBOARD_APP_BANK_MAX_BALANCE}), the largest
 * balance of an account, default {@value #DEFAULT_MAX_BALANCE}; a value that is not a whole
 * number of at least 1 stops the node's start with a message naming the variable.
 */
public final class BankProvider implements AppProvider {
  /** The application's name, the value of {@code --app}, and its root supervisor's name. */
  public static final String NAME = "bank";
  /** The accounts' name prefix. */
  public static final String PREFIX = "account-";
  /** The accounts' supervisor, the root's child. */
  public static final String ACCOUNTS = "accounts";
  /** The setting that bounds balances. */
  public static final String MAX_BALANCE = "bank-max-balance";
  /** The default bound of a balance. */
  public static final long DEFAULT_MAX_BALANCE = 1_000_000_000L;

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Starts the root and its accounts' supervisor (no account yet: each starts on its first
   * call). Blocks while the root starts.
   *
   * @throws IllegalArgumentException when {@value #MAX_BALANCE} is not a whole number of at
   *     least 1
   */
  @Override
  public AppInstance start(AppContext ctx) {
    long maxBalance = maxBalance(ctx.config(MAX_BALANCE).orElse(null));
    PrefixTemplate.Spec accounts = PrefixTemplate.spec("account", PREFIX, ACCOUNTS,
        name -> new Account(maxBalance)).durability(Durability.REPLICATED);
    Supervisor root = ctx.startRoot(NAME, SupervisorSpec.oneForOne(accounts.supervisorSpec()));
    return AppInstance.builder(NAME)
        .root(root)
        .template(accounts.template(root, ctx.loops()))
        .build();
  }

  /** The bound of a balance from its setting (absent: the default). Pure. */
  static long maxBalance(@Nullable String setting) {
    if (setting == null) {
      return DEFAULT_MAX_BALANCE;
    }
    try {
      long v = Long.parseLong(setting.trim());
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("the setting " + MAX_BALANCE
        + " (SWITCHBOARD_APP_BANK_MAX_BALANCE) must be a whole number of at least 1, got '"
        + setting + "'");
  }
}
