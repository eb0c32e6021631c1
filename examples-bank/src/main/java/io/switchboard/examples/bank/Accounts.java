package io.switchboard.examples.bank;

import io.switchboard.supervisor.Adopted;
import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.Durability;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.ServerHost;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorSpec;
import io.switchboard.supervisor.Template;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code account-<id>}: an {@link Account} started on demand as a dynamic child of the
 * {@code simple_one_for_one} supervisor {@value #SUPERVISOR} under the application's root.
 * Cluster-scoped and {@link Durability#REPLICATED}: in a cluster every acknowledged deposit or
 * withdrawal is committed on a majority of its shard's replicas, and a new leader starts the
 * account from the committed balance ({@link #start(String, byte[])}). Thread-safe.
 */
public final class Accounts implements Template {
  /** The name prefix this template serves. */
  public static final String PREFIX = "account-";
  /** The child id of the accounts' supervisor under the root. */
  public static final String SUPERVISOR = "accounts";

  private final Supervisor root;
  private final ServerHost host;
  private final long maxBalance;
  /** Balances handed to a start (a new leader's committed state), taken once by the factory. */
  private final ConcurrentHashMap<String, byte[]> handed;

  private Accounts(Supervisor root, ServerHost host, long maxBalance,
      ConcurrentHashMap<String, byte[]> handed) {
    this.root = root;
    this.host = host;
    this.maxBalance = maxBalance;
    this.handed = handed;
  }

  /** The accounts' supervisor spec and, once the root started, their template. */
  public static final class Parts {
    private final long maxBalance;
    private final ConcurrentHashMap<String, byte[]> handed = new ConcurrentHashMap<>();

    /** Parts for accounts of at most {@code maxBalance}. */
    public Parts(long maxBalance) {
      this.maxBalance = maxBalance;
    }

    /**
     * The child spec of the accounts' supervisor (100 restarts in 5 s: one account's crash says
     * nothing about another).
     */
    public ChildSpec supervisorSpec() {
      return ChildSpec.supervisor(SUPERVISOR, SupervisorSpec.simpleOneForOne(
              ChildSpec.template("account",
                  name -> Adopted.from(new Account(maxBalance), handed.remove(name))))
          .withIntensity(100, Duration.ofSeconds(5)));
    }

    /** The template, for the started {@code root} whose child is {@link #supervisorSpec()}. */
    public Accounts template(Supervisor root, ServerHost host) {
      return new Accounts(root, host, maxBalance, handed);
    }
  }

  @Override
  public String kind() {
    return "account";
  }

  @Override
  public Durability durability() {
    return Durability.REPLICATED;
  }

  @Override
  public boolean matches(String name) {
    return name.startsWith(PREFIX) && name.length() > PREFIX.length();
  }

  @Override
  public Promise<Void> start(String name) {
    // looked up each time: after a restart of the accounts' supervisor it is a new one
    return root.childSupervisorAsync(SUPERVISOR).flatMap(sup -> sup.ensureChildAsync(name));
  }

  @Override
  public Promise<Void> start(String name, byte @Nullable [] state) {
    if (state == null) {
      return start(name);
    }
    handed.put(name, state);
    Promise<Void> out = new Promise<>();
    start(name).onComplete(r -> {
      handed.remove(name, state);
      out.complete(r);
    });
    return out;
  }

  @Override
  public Optional<GenServer<?, ?, ?>> newServer(String name) {
    return Optional.of(new Account(maxBalance));
  }

  @Override
  public Promise<byte[]> release(String name, ExitReason reason) {
    Promise<byte[]> out = new Promise<>();
    host.handOffAsync(name, reason).onComplete(state ->
        root.childSupervisorAsync(SUPERVISOR).onComplete(sup -> {
          if (sup instanceof Reply.Ok<Supervisor> ok) {
            // the server is gone already: its supervisor only forgets the child
            ok.value().terminateChildAsync(name).onComplete(ignored -> out.complete(state));
          } else {
            out.complete(state);
          }
        }));
    return out;
  }
}
