package io.switchboard.testkit;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.switchboard.client.ClientCodec;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.SwitchboardException;
import io.switchboard.proto.v1.CallReply;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.SwitchboardGrpc;
import io.switchboard.proto.v1.TreeNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One node's client as tests and the demo use it: the client module's {@link SwitchboardClient}
 * with that node as its only target and <b>one attempt per call</b> (no retry: a test sees every
 * refusal, and an increment is never sent twice), UTF-8 text payloads, and every answer a value
 * ({@link Result}) rather than an exception, so a test can count and compare outcomes.
 *
 * <p>Calls with a request id ({@link #call(String, String, String, Duration)}) go over a plain
 * gRPC channel of their own, so a test chooses the id and can send the same one again (the
 * client module picks its ids itself).
 *
 * <p>Thread-safe; every method blocks for at most its {@code timeout}.
 */
public final class NodeClient implements AutoCloseable {
  /** The protocol's bound on {@code CallRequest.request_id}. */
  public static final int MAX_REQUEST_ID_BYTES = 64;

  private final SwitchboardClient client;
  /** For calls with a request id; connects on its first call. */
  private final ManagedChannel channel;

  /** A client of {@code host:port}; it connects on its first call. */
  public NodeClient(String host, int port) {
    this.client = SwitchboardClient.builder().targets(host + ":" + port).maxAttempts(1).build();
    this.channel = Grpc.newChannelBuilderForAddress(host, port,
        InsecureChannelCredentials.create()).build();
  }

  /** The outcome of one call: the status code and the reply text or the error description. */
  public record Result(Status.Code code, String text) {
    public boolean ok() {
      return code == Status.Code.OK;
    }

    @Override
    public String toString() {
      return ok() ? text : code + ": " + text;
    }
  }

  /** Calls {@code name} with a UTF-8 input. */
  public Result call(String name, String input, Duration timeout) {
    return result(() -> client.call(name, input, ClientCodec.utf8(), timeout));
  }

  /**
   * Calls {@code name} with a UTF-8 input and the request id {@code requestId} (UTF-8, at most
   * {@value #MAX_REQUEST_ID_BYTES} bytes; the node refuses a longer one): one attempt, no retry.
   * A node that already applied this id to {@code name} answers the recorded reply.
   */
  public Result call(String name, String input, String requestId, Duration timeout) {
    CallRequest request = CallRequest.newBuilder().setName(name)
        .setPayload(ByteString.copyFromUtf8(input))
        .setRequestId(ByteString.copyFromUtf8(requestId)).build();
    try {
      CallReply reply = ClientCalls.blockingUnaryCall(channel, SwitchboardGrpc.getCallMethod(),
          CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS),
          request);
      return new Result(Status.Code.OK, reply.getPayload().toString(StandardCharsets.UTF_8));
    } catch (StatusRuntimeException e) {
      String description = e.getStatus().getDescription();
      return new Result(e.getStatus().getCode(), description == null ? "" : description);
    }
  }

  /** The owner of {@code name} as this node sees it, or the error. */
  public Result whereIs(String name, Duration timeout) {
    return result(() -> client.whereIs(name, timeout).node());
  }

  /** The member names of this node's view, or empty when it does not answer. */
  public List<String> members(Duration timeout) {
    try {
      return client.members(timeout).names();
    } catch (SwitchboardException e) {
      return List.of();
    }
  }

  /**
   * The names of the workers this node's supervision trees hold in state {@code RUNNING} (the
   * servers it hosts now: also children it hosts for remote supervisors, not its own remote
   * children that run elsewhere), or empty when it does not answer.
   */
  public Optional<Set<String>> runningWorkers(Duration timeout) {
    Set<String> names = new TreeSet<>();
    try {
      io.switchboard.proto.v1.TreeReply tree = client.tree(timeout);
      tree.getRootsList().forEach(root -> collectRunning(root, tree.getNode(), names));
    } catch (SwitchboardException e) {
      return Optional.empty();
    }
    return Optional.of(names);
  }

  /** The underlying client (one attempt per call), for typed calls and casts. */
  public SwitchboardClient client() {
    return client;
  }

  private static Result result(Supplier<String> rpc) {
    try {
      return new Result(Status.Code.OK, rpc.get());
    } catch (SwitchboardException e) {
      return new Result(e.code(), e.description());
    }
  }

  private static void collectRunning(TreeNode n, String node, Set<String> into) {
    if (n.getKind() == TreeNode.Kind.WORKER && n.getStatus().equals("RUNNING")
        && (n.getNode().isEmpty() || n.getNode().equals(node))) {
      into.add(n.getName());
    }
    n.getChildrenList().forEach(c -> collectRunning(c, node, into));
  }

  /** Closes the connections, waiting up to 2 s. Idempotent. */
  @Override
  public void close() {
    client.close();
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
