package io.switchboard.client;

import com.google.protobuf.ByteString;
import io.grpc.ChannelCredentials;
import io.grpc.Deadline;
import io.grpc.InsecureChannelCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.switchboard.client.tls.PemTls;
import io.switchboard.proto.v1.CallReply;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.CastRequest;
import io.switchboard.proto.v1.KillRequest;
import io.switchboard.proto.v1.MembersReply;
import io.switchboard.proto.v1.MembersRequest;
import io.switchboard.proto.v1.SwitchboardGrpc;
import io.switchboard.proto.v1.TreeReply;
import io.switchboard.proto.v1.TreeRequest;
import io.switchboard.proto.v1.WhereIsRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A client of the public {@code switchboard.v1.Switchboard} service of one or more nodes: calls
 * and casts by name, typed through a {@link ClientCodec}, with deadlines and retries.
 *
 * <pre>{@code
 * try (SwitchboardClient client = SwitchboardClient.connect("n1:50051", "n2:50051")) {
 *   client.call("counter-7", "increment", ClientCodec.utf8());          // "ack"
 *   String v = client.call("counter-7", "read", ClientCodec.utf8(), Duration.ofMillis(200));
 * }
 * }</pre>
 *
 * <h2>Deadlines</h2>
 * Every logical call has one deadline, the {@code timeout} argument or the builder's
 * {@linkplain Builder#defaultTimeout default} (5 s, OTP's call timeout). It travels as the gRPC
 * deadline and becomes the event-loop deadline of the call on the node; retries happen inside
 * it and never extend it. When it passes the call fails with {@code DEADLINE_EXCEEDED}.
 *
 * <h2>Targets and retries</h2>
 * Any node accepts any name (a node forwards to the owner), so the targets are interchangeable:
 * logical calls start on the targets in round-robin order. A call that fails with
 * {@code UNAVAILABLE} (node unreachable, not ready, without quorum, leaving) is tried again on
 * the next target, at once while some target is untried, then after an exponential backoff with
 * jitter, at most {@linkplain Builder#maxAttempts maxAttempts} times in all and only while the
 * deadline leaves room. No other code is retried: {@code ABORTED} (the server crashed on this
 * input), {@code DEADLINE_EXCEEDED}, {@code NOT_FOUND}, {@code INVALID_ARGUMENT},
 * {@code RESOURCE_EXHAUSTED}… go back to the caller as a {@link SwitchboardException} at once.
 *
 * <h2>Names</h2>
 * A name that breaks the node's rule ({@link ServerNames}: 1..1024 printable characters) is
 * refused before anything is sent: the method throws {@code SwitchboardException} with
 * {@code INVALID_ARGUMENT}, also the {@code …Async} ones, as the node itself would answer.
 *
 * <h2>Request ids</h2>
 * {@code UNAVAILABLE} usually means the input was never stepped, but a connection lost after the
 * request went out leaves that unknown. So every logical call and cast carries a request id
 * ({@code request_id}), made when it starts and sent unchanged by every retry of it: a node that
 * already applied that id to a {@code REPLICATED} name answers with the reply recorded then and
 * does not step the input again. A made id is 16 bytes from a shared {@link
 * java.security.SecureRandom} (128 unpredictable bits, never reused). A caller that retries on
 * its own, across calls or processes, passes its own id (the {@code requestId} overloads, 1..{@value
 * #MAX_REQUEST_ID_BYTES} bytes, checked before anything is sent: {@link IllegalArgumentException})
 * and reuses it for the same logical call. Names that are not replicated ignore the id: there a
 * retried input may still run twice, so set {@code maxAttempts(1)} for inputs that must not.
 *
 * <h2>Threads</h2>
 * Thread-safe; share one client per application (it holds one channel per target). The
 * blocking methods block the calling thread at most until the deadline; an interrupt ends the
 * wait with {@code CANCELLED} and leaves the interrupt set. The {@code …Async} methods never
 * block; their futures complete on a gRPC thread (use the {@code …Async} stages of
 * {@link CompletableFuture} for slow follow-ups) and cancelling one cancels the call. Encode runs
 * on the caller's thread, decode on the completing one.
 */
public final class SwitchboardClient implements AutoCloseable {
  /** The protocol's bound on a request id ({@code CallRequest.request_id}), in bytes. */
  public static final int MAX_REQUEST_ID_BYTES = 64;

  private static final MethodDescriptor<CallRequest, CallReply> CALL =
      SwitchboardGrpc.getCallMethod();

  private final Targets targets;
  private final Retry retry;
  private final Duration defaultTimeout;
  private final ScheduledThreadPoolExecutor timer;

  private SwitchboardClient(Builder b) {
    this.retry = new Retry(b.maxAttempts, b.initialBackoff, b.maxBackoff); // validates first
    this.targets = new Targets(b.targets, b.credentials, b.maxReplyBytes);
    this.defaultTimeout = b.defaultTimeout;
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "switchboard-client-retry");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
  }

  /** A client of {@code targets} ({@code host:port}, IPv6 in brackets) with the defaults. */
  public static SwitchboardClient connect(String... targets) {
    return builder().targets(targets).build();
  }

  /**
   * A builder with the defaults: 5 s timeout, 3 attempts, plaintext ({@link Builder#tls} for
   * TLS), 4 MiB replies.
   */
  public static Builder builder() {
    return new Builder();
  }

  // --- call -------------------------------------------------------------------------------

  /** Sends {@code input} to the server {@code name} and returns its decoded output. Blocks. */
  public <I, O> O call(String name, I input, ClientCodec<I, O> codec) {
    return call(name, input, codec, defaultTimeout);
  }

  /** {@link #call(String, Object, ClientCodec)} within {@code timeout}. Blocks. */
  public <I, O> O call(String name, I input, ClientCodec<I, O> codec, Duration timeout) {
    return await(callAsync(name, input, codec, timeout));
  }

  /** Sends raw bytes to {@code name} and returns the raw reply. Blocks. */
  public byte[] call(String name, byte[] input) {
    return call(name, input, defaultTimeout);
  }

  /** {@link #call(String, byte[])} within {@code timeout}. Blocks. */
  public byte[] call(String name, byte[] input, Duration timeout) {
    return await(callAsync(name, input, timeout));
  }

  /**
   * {@link #call(String, Object, ClientCodec, Duration)} with the caller's own request id instead
   * of a new one (see the class comment). Blocks.
   *
   * @throws IllegalArgumentException if {@code requestId} is empty or longer than
   *     {@value #MAX_REQUEST_ID_BYTES} bytes; nothing is sent
   */
  public <I, O> O call(
      String name, I input, ClientCodec<I, O> codec, byte[] requestId, Duration timeout) {
    return await(callAsync(name, input, codec, requestId, timeout));
  }

  /** {@link #call(String, byte[], Duration)} with the caller's own request id. Blocks. */
  public byte[] call(String name, byte[] input, byte[] requestId, Duration timeout) {
    return await(callAsync(name, input, requestId, timeout));
  }

  /** {@link #call(String, Object, ClientCodec)} without blocking. */
  public <I, O> CompletableFuture<O> callAsync(String name, I input, ClientCodec<I, O> codec) {
    return callAsync(name, input, codec, defaultTimeout);
  }

  /** {@link #call(String, Object, ClientCodec, Duration)} without blocking. */
  public <I, O> CompletableFuture<O> callAsync(
      String name, I input, ClientCodec<I, O> codec, Duration timeout) {
    return callAsync(name, input, codec, RequestIds.fresh(), timeout);
  }

  /**
   * {@link #call(String, Object, ClientCodec, byte[], Duration)} without blocking; a bad
   * {@code requestId} throws here, before anything is sent.
   */
  public <I, O> CompletableFuture<O> callAsync(
      String name, I input, ClientCodec<I, O> codec, byte[] requestId, Duration timeout) {
    return callAsync(name, input, codec, RequestIds.given(requestId), timeout);
  }

  /** {@link #call(String, byte[])} without blocking. */
  public CompletableFuture<byte[]> callAsync(String name, byte[] input) {
    return callAsync(name, input, defaultTimeout);
  }

  /** {@link #call(String, byte[], Duration)} without blocking. */
  public CompletableFuture<byte[]> callAsync(String name, byte[] input, Duration timeout) {
    return callBytes(name, input, RequestIds.fresh(), r -> r.getPayload().toByteArray(), timeout);
  }

  /** {@link #call(String, byte[], byte[], Duration)} without blocking. */
  public CompletableFuture<byte[]> callAsync(
      String name, byte[] input, byte[] requestId, Duration timeout) {
    return callBytes(name, input, RequestIds.given(requestId), r -> r.getPayload().toByteArray(),
        timeout);
  }

  private <I, O> CompletableFuture<O> callAsync(
      String name, I input, ClientCodec<I, O> codec, ByteString requestId, Duration timeout) {
    Objects.requireNonNull(codec, "codec");
    return callBytes(name, codec.encode(input), requestId,
        r -> codec.decode(r.getPayload().toByteArray()), timeout);
  }

  /** One logical call: {@code requestId} goes in the one request that every attempt sends. */
  private <O> CompletableFuture<O> callBytes(String name, byte[] input, ByteString requestId,
      Function<CallReply, O> reply, Duration timeout) {
    CallRequest request = CallRequest.newBuilder().setName(checkName(name))
        .setPayload(ByteString.copyFrom(input)).setRequestId(requestId).build();
    return start(CALL, request, reply, timeout);
  }

  // --- cast -------------------------------------------------------------------------------

  /** Queues {@code input} for {@code name}; returns once the node queued it. Blocks. */
  public <I> void cast(String name, I input, ClientCodec<I, ?> codec) {
    cast(name, input, codec, defaultTimeout);
  }

  /** {@link #cast(String, Object, ClientCodec)} within {@code timeout}. Blocks. */
  public <I> void cast(String name, I input, ClientCodec<I, ?> codec, Duration timeout) {
    await(castAsync(name, input, codec, timeout));
  }

  /** Queues raw bytes for {@code name}. Blocks until the node queued them. */
  public void cast(String name, byte[] input) {
    cast(name, input, defaultTimeout);
  }

  /** {@link #cast(String, byte[])} within {@code timeout}. Blocks. */
  public void cast(String name, byte[] input, Duration timeout) {
    await(castAsync(name, input, timeout));
  }

  /**
   * {@link #cast(String, Object, ClientCodec, Duration)} with the caller's own request id instead
   * of a new one (see the class comment). Blocks.
   *
   * @throws IllegalArgumentException if {@code requestId} is empty or longer than
   *     {@value #MAX_REQUEST_ID_BYTES} bytes; nothing is sent
   */
  public <I> void cast(
      String name, I input, ClientCodec<I, ?> codec, byte[] requestId, Duration timeout) {
    await(castAsync(name, input, codec, requestId, timeout));
  }

  /** {@link #cast(String, byte[], Duration)} with the caller's own request id. Blocks. */
  public void cast(String name, byte[] input, byte[] requestId, Duration timeout) {
    await(castAsync(name, input, requestId, timeout));
  }

  /** {@link #cast(String, Object, ClientCodec)} without blocking. */
  public <I> CompletableFuture<Void> castAsync(String name, I input, ClientCodec<I, ?> codec) {
    return castAsync(name, input, codec, defaultTimeout);
  }

  /** {@link #cast(String, Object, ClientCodec, Duration)} without blocking. */
  public <I> CompletableFuture<Void> castAsync(
      String name, I input, ClientCodec<I, ?> codec, Duration timeout) {
    return castAsync(name, Objects.requireNonNull(codec, "codec").encode(input), timeout);
  }

  /**
   * {@link #cast(String, Object, ClientCodec, byte[], Duration)} without blocking; a bad
   * {@code requestId} throws here, before anything is sent.
   */
  public <I> CompletableFuture<Void> castAsync(
      String name, I input, ClientCodec<I, ?> codec, byte[] requestId, Duration timeout) {
    ByteString id = RequestIds.given(requestId);
    return castBytes(name, Objects.requireNonNull(codec, "codec").encode(input), id, timeout);
  }

  /** {@link #cast(String, byte[])} without blocking. */
  public CompletableFuture<Void> castAsync(String name, byte[] input) {
    return castAsync(name, input, defaultTimeout);
  }

  /** {@link #cast(String, byte[], Duration)} without blocking. */
  public CompletableFuture<Void> castAsync(String name, byte[] input, Duration timeout) {
    return castBytes(name, input, RequestIds.fresh(), timeout);
  }

  /** {@link #cast(String, byte[], byte[], Duration)} without blocking. */
  public CompletableFuture<Void> castAsync(
      String name, byte[] input, byte[] requestId, Duration timeout) {
    return castBytes(name, input, RequestIds.given(requestId), timeout);
  }

  /** One logical cast: as {@link #callBytes}, one request (and id) for every attempt. */
  private CompletableFuture<Void> castBytes(
      String name, byte[] input, ByteString requestId, Duration timeout) {
    CastRequest request = CastRequest.newBuilder().setName(checkName(name))
        .setPayload(ByteString.copyFrom(input)).setRequestId(requestId).build();
    return start(SwitchboardGrpc.getCastMethod(), request, r -> null, timeout);
  }

  // --- cluster queries --------------------------------------------------------------------

  /** Which node owns (or would own) {@code name}, as the answering target sees it. Blocks. */
  public Owner whereIs(String name) {
    return whereIs(name, defaultTimeout);
  }

  /** {@link #whereIs(String)} within {@code timeout}. Blocks. */
  public Owner whereIs(String name, Duration timeout) {
    return await(start(SwitchboardGrpc.getWhereIsMethod(),
        WhereIsRequest.newBuilder().setName(checkName(name)).build(),
        r -> new Owner(r.getNode(), r.getEndpoint(), r.getEpoch()), timeout));
  }

  /**
   * Sends {@code name} an exit signal, as OTP's {@code exit(Pid, Reason)}: {@code "kill"} exits
   * it brutally (no {@code terminate}), {@code "normal"} and {@code "shutdown"} are normal exits,
   * any other word an abnormal one; its supervisor sees the exit and applies its strategy. The
   * answering node acts on its own server or asks the name's owner. Retried on
   * {@code UNAVAILABLE} like every RPC, so a retry after an exit the client did not hear of may
   * reach the restarted server: use {@code maxAttempts(1)} when that matters. Blocks.
   *
   * @throws SwitchboardException {@code NOT_FOUND} when the server runs nowhere the node can
   *     see, {@code INVALID_ARGUMENT} for a bad reason, {@code UNAVAILABLE} while it restarts
   */
  public Exit kill(String name, String reason) {
    return kill(name, reason, defaultTimeout);
  }

  /** {@link #kill(String, String)} within {@code timeout}. Blocks. */
  public Exit kill(String name, String reason, Duration timeout) {
    return await(start(SwitchboardGrpc.getKillMethod(),
        KillRequest.newBuilder().setName(checkName(name))
            .setReason(Objects.requireNonNull(reason, "reason")).build(),
        r -> new Exit(r.getNode(), r.getReason()), timeout));
  }

  /** The membership view of the answering target. Blocks. */
  public Membership members() {
    return members(defaultTimeout);
  }

  /** {@link #members()} within {@code timeout}. Blocks. */
  public Membership members(Duration timeout) {
    return await(start(SwitchboardGrpc.getMembersMethod(), MembersRequest.getDefaultInstance(),
        SwitchboardClient::membership, timeout));
  }

  /**
   * The supervision trees of the answering target, as the protocol's {@code TreeReply} (a
   * recursive structure, bounded by the node; print it with protobuf's {@code JsonFormat}).
   * Blocks.
   */
  public TreeReply tree() {
    return tree(defaultTimeout);
  }

  /** {@link #tree()} within {@code timeout}. Blocks. */
  public TreeReply tree(Duration timeout) {
    return await(start(SwitchboardGrpc.getTreeMethod(), TreeRequest.getDefaultInstance(),
        Function.identity(), timeout));
  }

  /** The targets, as given to the builder. */
  public List<String> targets() {
    return targets.endpoints();
  }

  /**
   * Cancels the calls in flight (they fail with {@code CANCELLED} or {@code UNAVAILABLE}) and
   * closes every channel, waiting up to 2 s for them. Idempotent; any thread.
   */
  @Override
  public void close() {
    timer.shutdownNow();
    targets.close(Duration.ofSeconds(2));
  }

  private <Q, R, T> CompletableFuture<T> start(MethodDescriptor<Q, R> method, Q request,
      Function<? super R, ? extends T> reply, Duration timeout) {
    if (timer.isShutdown()) {
      throw new IllegalStateException("this SwitchboardClient is closed");
    }
    Deadline deadline = Deadline.after(checkTimeout(timeout).toNanos(),
        TimeUnit.NANOSECONDS);
    return new RetryingCall<Q, R, T>(targets, retry, timer, method, request, reply, deadline)
        .start();
  }

  private static Membership membership(MembersReply r) {
    List<Membership.Member> members = r.getMembersList().stream()
        .map(m -> new Membership.Member(m.getName(), m.getEndpoint())).toList();
    List<Membership.Shard> shards = r.getShardsList().stream()
        .map(s -> new Membership.Shard(s.getShard(), s.getLeader(), s.getReplicasList()))
        .toList();
    return new Membership(r.getSelf(), members, r.getEpoch(), r.getExpectedSize(), r.getQuorum(),
        shards);
  }

  /** Waits for {@code f}, rethrowing its failure as it is; an interrupt cancels the call. */
  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("a call failed with a checked exception", cause);
    } catch (InterruptedException e) {
      f.cancel(false);
      Thread.currentThread().interrupt();
      throw new SwitchboardException(Status.Code.CANCELLED,
          "interrupted while waiting for the reply", e);
    }
  }

  /**
   * Judges {@code name} before anything is sent, by the node's own rule ({@link ServerNames}):
   * a bad name fails at once with the {@code INVALID_ARGUMENT} the node would answer.
   */
  private static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    Optional<String> bad = ServerNames.problem(name);
    if (bad.isPresent()) {
      throw new SwitchboardException(Status.Code.INVALID_ARGUMENT, bad.get(), null);
    }
    return name;
  }

  private static Duration checkTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return timeout;
  }

  /**
   * Options of a {@link SwitchboardClient}. Not thread-safe; {@link #build()} copies what it
   * needs, so a builder can be reused.
   */
  public static final class Builder {
    /** gRPC's default inbound message limit. */
    private static final int DEFAULT_MAX_REPLY_BYTES = 4 * 1024 * 1024;

    private final List<String> targets = new ArrayList<>();
    private Duration defaultTimeout = Duration.ofSeconds(5);
    private int maxAttempts = Retry.DEFAULT.maxAttempts();
    private Duration initialBackoff = Retry.DEFAULT.initialBackoff();
    private Duration maxBackoff = Retry.DEFAULT.maxBackoff();
    private int maxReplyBytes = DEFAULT_MAX_REPLY_BYTES;
    /**
     * Transport security of every channel: plaintext by default (the node's client port without
     * {@code --client-tls}), or TLS from {@link #tls(PemTls)} ({@code TlsChannelCredentials}
     * over its reloading managers). Nothing else in the client depends on it.
     */
    private ChannelCredentials credentials = InsecureChannelCredentials.create();

    private Builder() {}

    /** Adds targets, {@code host:port} each ({@code [::1]:50051} for IPv6). At least one. */
    public Builder targets(String... targets) {
      return targets(List.of(targets));
    }

    /** Adds targets, {@code host:port} each. */
    public Builder targets(List<String> targets) {
      for (String t : targets) {
        this.targets.add(checkTarget(t));
      }
      return this;
    }

    /** The deadline of calls made without one (default 5 s, OTP's call timeout). */
    public Builder defaultTimeout(Duration timeout) {
      this.defaultTimeout = checkTimeout(timeout);
      return this;
    }

    /**
     * Attempts per logical call, the first included (default 3; 1 turns retries off; at most
     * 100). Only {@code UNAVAILABLE} is retried.
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The backoff once every target failed: from {@code initial}, doubling per round, up to
     * {@code max} (default 50 ms to 1 s), with jitter.
     */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = Objects.requireNonNull(initial, "initial");
      this.maxBackoff = Objects.requireNonNull(max, "max");
      return this;
    }

    /** The largest reply accepted (default 4 MiB); a larger one fails with RESOURCE_EXHAUSTED. */
    public Builder maxReplyBytes(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxReplyBytes must be positive, was " + bytes);
      }
      this.maxReplyBytes = bytes;
      return this;
    }

    /**
     * Plaintext connections (the default): for a node whose client port runs without
     * {@code --client-tls}. Undoes {@link #tls(PemTls)}.
     */
    public Builder plaintext() {
      this.credentials = InsecureChannelCredentials.create();
      return this;
    }

    /**
     * TLS connections: the node's certificate must be signed by {@code tls}'s CA and name the
     * target's host (its SANs), and {@code tls}'s own certificate, if it has one, is presented to
     * the node (needed for {@code --client-tls require}). The files are re-read when they change
     * (see {@link PemTls}), so a rotated client certificate is used for new connections without
     * a new client. Undoes {@link #plaintext()}.
     *
     * <pre>{@code
     * SwitchboardClient.builder().targets("n1:50051")
     *     .tls(PemTls.from(Path.of("ca.pem"), Path.of("client.pem"), Path.of("client-key.pem")))
     *     .build();
     * }</pre>
     */
    public Builder tls(PemTls tls) {
      this.credentials = Objects.requireNonNull(tls, "tls").channelCredentials();
      return this;
    }

    /**
     * The client; its channels connect lazily, on the first call.
     *
     * @throws IllegalArgumentException without targets or with inconsistent retry options
     */
    public SwitchboardClient build() {
      if (targets.isEmpty()) {
        throw new IllegalArgumentException("a SwitchboardClient needs at least one target, "
            + "host:port of a node's --grpc-port");
      }
      return new SwitchboardClient(this);
    }

    private static String checkTarget(String target) {
      Objects.requireNonNull(target, "target");
      int colon = target.lastIndexOf(':');
      String host = colon < 0 ? "" : target.substring(0, colon);
      boolean v6 = host.startsWith("[") && host.endsWith("]");
      if (host.isEmpty() || (!v6 && host.indexOf(':') >= 0) || !isPort(target.substring(colon + 1))) {
        throw new IllegalArgumentException("expected host:port (IPv6 as [addr]:port), got '"
            + target + "'");
      }
      return target;
    }

    private static boolean isPort(String s) {
      if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) {
        return false;
      }
      int port = Integer.parseInt(s);
      return port >= 1 && port <= 65_535;
    }
  }
}
