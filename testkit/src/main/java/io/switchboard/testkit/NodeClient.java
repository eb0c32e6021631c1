package io.switchboard.testkit;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.MembersRequest;
import io.switchboard.proto.v1.SwitchboardGrpc;
import io.switchboard.proto.v1.TreeNode;
import io.switchboard.proto.v1.TreeRequest;
import io.switchboard.proto.v1.WhereIsRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** A small gRPC client of one node's public service (text payloads). Thread-safe. */
public final class NodeClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final SwitchboardGrpc.SwitchboardBlockingStub stub;

  public NodeClient(String host, int port) {
    this.channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
    this.stub = SwitchboardGrpc.newBlockingStub(channel);
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

  /** Calls {@code name} with a UTF-8 input. Blocks up to {@code timeout}. */
  public Result call(String name, String input, Duration timeout) {
    try {
      byte[] out = stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
          .call(CallRequest.newBuilder().setName(name)
              .setPayload(ByteString.copyFromUtf8(input)).build())
          .getPayload().toByteArray();
      return new Result(Status.Code.OK, new String(out, StandardCharsets.UTF_8));
    } catch (StatusRuntimeException e) {
      String d = e.getStatus().getDescription();
      return new Result(e.getStatus().getCode(), d == null ? "" : d);
    }
  }

  /** The owner of {@code name} as this node sees it, or the error. */
  public Result whereIs(String name, Duration timeout) {
    try {
      return new Result(Status.Code.OK, stub.withDeadlineAfter(timeout.toNanos(),
          TimeUnit.NANOSECONDS).whereIs(WhereIsRequest.newBuilder().setName(name).build())
          .getNode());
    } catch (StatusRuntimeException e) {
      return new Result(e.getStatus().getCode(), String.valueOf(e.getStatus().getDescription()));
    }
  }

  /** The member names of this node's view, or empty when it does not answer. */
  public List<String> members(Duration timeout) {
    List<String> names = new ArrayList<>();
    try {
      stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
          .members(MembersRequest.getDefaultInstance()).getMembersList()
          .forEach(m -> names.add(m.getName()));
    } catch (StatusRuntimeException e) {
      return List.of();
    }
    return names;
  }

  /**
   * The names of the workers this node's supervision trees hold in state {@code RUNNING} (the
   * servers it hosts now), or empty when it does not answer. Blocks up to {@code timeout}.
   */
  public Optional<Set<String>> runningWorkers(Duration timeout) {
    Set<String> names = new TreeSet<>();
    try {
      stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
          .tree(TreeRequest.getDefaultInstance()).getRootsList()
          .forEach(root -> collectRunning(root, names));
    } catch (StatusRuntimeException e) {
      return Optional.empty();
    }
    return Optional.of(names);
  }

  private static void collectRunning(TreeNode n, Set<String> into) {
    if (n.getKind() == TreeNode.Kind.WORKER && n.getStatus().equals("RUNNING")) {
      into.add(n.getName());
    }
    n.getChildrenList().forEach(c -> collectRunning(c, into));
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
