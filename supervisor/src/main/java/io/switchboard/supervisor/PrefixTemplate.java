package io.switchboard.supervisor;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The usual {@link Template}: every name with a prefix ({@code account-7}) is a dynamic child of
 * a {@code simple_one_for_one} supervisor under an application's root, started on demand, and
 * able to start from a handed-over state (a new Raft leader's committed state) through the
 * server's {@link StateCodec}. Build the supervisor's child spec first, put it under the root,
 * start the root, then take the template:
 *
 * <pre>{@code
 * PrefixTemplate.Spec accounts = PrefixTemplate.spec("account", "account-", "accounts",
 *     name -> new Account(limit)).durability(Durability.REPLICATED);
 * Supervisor root = ctx.startRoot("bank", SupervisorSpec.oneForOne(accounts.supervisorSpec()));
 * Template template = accounts.template(root, ctx.loops());
 * }</pre>
 *
 * Thread-safe.
 */
public final class PrefixTemplate implements Template {
  private final Spec spec;
  private final Supervisor root;
  private final ServerHost host;

  private PrefixTemplate(Spec spec, Supervisor root, ServerHost host) {
    this.spec = spec;
    this.root = root;
    this.host = host;
  }

  /**
   * A spec for names {@code prefix<anything>} of server kind {@code kind}, children of the
   * supervisor {@code supervisorId}, each server built by {@code servers} from its name.
   */
  public static Spec spec(String kind, String prefix, String supervisorId,
      Function<String, ? extends GenServer<?, ?, ?>> servers) {
    return new Spec(kind, prefix, supervisorId, servers, Durability.NONE, true, 100,
        Duration.ofSeconds(5));
  }

  /**
   * What a {@link PrefixTemplate} is made of, before its root starts. Immutable, except for the
   * handed-over states it keeps between {@link PrefixTemplate#start(String, byte[])} and the
   * child's start (each taken once).
   */
  public static final class Spec {
    private final String kind;
    private final String prefix;
    private final String supervisorId;
    private final Function<String, ? extends GenServer<?, ?, ?>> servers;
    private final Durability durability;
    private final boolean clusterScoped;
    private final int intensity;
    private final Duration period;
    private final ConcurrentHashMap<String, byte[]> handed;

    private Spec(String kind, String prefix, String supervisorId,
        Function<String, ? extends GenServer<?, ?, ?>> servers, Durability durability,
        boolean clusterScoped, int intensity, Duration period) {
      this(kind, prefix, supervisorId, servers, durability, clusterScoped, intensity, period,
          new ConcurrentHashMap<>());
    }

    private Spec(String kind, String prefix, String supervisorId,
        Function<String, ? extends GenServer<?, ?, ?>> servers, Durability durability,
        boolean clusterScoped, int intensity, Duration period,
        ConcurrentHashMap<String, byte[]> handed) {
      if (prefix.isEmpty()) {
        throw new IllegalArgumentException("a template's prefix must not be empty");
      }
      this.kind = Objects.requireNonNull(kind, "kind");
      this.prefix = prefix;
      this.supervisorId = Objects.requireNonNull(supervisorId, "supervisorId");
      this.servers = Objects.requireNonNull(servers, "servers");
      this.durability = Objects.requireNonNull(durability, "durability");
      this.clusterScoped = clusterScoped;
      this.intensity = intensity;
      this.period = Objects.requireNonNull(period, "period");
      this.handed = handed;
    }

    /** The same with {@code durability} (default {@link Durability#NONE}). */
    public Spec durability(Durability durability) {
      return new Spec(kind, prefix, supervisorId, servers, durability, clusterScoped, intensity,
          period, handed);
    }

    /** The same, node-local ({@code false}) or cluster-scoped ({@code true}, the default). */
    public Spec clusterScoped(boolean clusterScoped) {
      return new Spec(kind, prefix, supervisorId, servers, durability, clusterScoped, intensity,
          period, handed);
    }

    /**
     * The same with the supervisor's restart intensity (default 100 in 5 s: one child's crash
     * says nothing about another, so OTP's 1 in 5 s would be too tight; a crash loop across many
     * children still escalates).
     */
    public Spec intensity(int intensity, Duration period) {
      return new Spec(kind, prefix, supervisorId, servers, durability, clusterScoped, intensity,
          period, handed);
    }

    /** The child spec of the {@code simple_one_for_one} supervisor, to put under the root. */
    public ChildSpec supervisorSpec() {
      return ChildSpec.supervisor(supervisorId, SupervisorSpec.simpleOneForOne(
              ChildSpec.template(kind, name -> Adopted.from(servers.apply(name),
                  handed.remove(name))))
          .withIntensity(intensity, period));
    }

    /** The template, once {@code root} (whose child is {@link #supervisorSpec()}) started. */
    public PrefixTemplate template(Supervisor root, ServerHost host) {
      return new PrefixTemplate(this, Objects.requireNonNull(root, "root"),
          Objects.requireNonNull(host, "host"));
    }
  }

  @Override
  public String kind() {
    return spec.kind;
  }

  /** The prefix of the names this template starts. */
  public String prefix() {
    return spec.prefix;
  }

  @Override
  public boolean clusterScoped() {
    return spec.clusterScoped;
  }

  @Override
  public Durability durability() {
    return spec.durability;
  }

  @Override
  public boolean matches(String name) {
    return name.startsWith(spec.prefix) && name.length() > spec.prefix.length();
  }

  @Override
  public Promise<Void> start(String name) {
    // looked up each time: after a restart of the children's supervisor it is a new one
    return root.childSupervisorAsync(spec.supervisorId).flatMap(sup -> sup.ensureChildAsync(name));
  }

  @Override
  public Promise<Void> start(String name, byte @Nullable [] state) {
    if (state == null) {
      return start(name);
    }
    spec.handed.put(name, state);
    Promise<Void> out = new Promise<>();
    start(name).onComplete(r -> {
      spec.handed.remove(name, state);
      out.complete(r);
    });
    return out;
  }

  @Override
  public Optional<GenServer<?, ?, ?>> newServer(String name) {
    return Optional.of(spec.servers.apply(name));
  }

  @Override
  public Promise<byte[]> release(String name, ExitReason reason) {
    Promise<byte[]> out = new Promise<>();
    host.handOffAsync(name, reason).onComplete(state ->
        root.childSupervisorAsync(spec.supervisorId).onComplete(sup -> {
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
