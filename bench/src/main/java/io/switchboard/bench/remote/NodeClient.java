package io.switchboard.bench.remote;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.switchboard.proto.v1.CallReply;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.MembersReply;
import io.switchboard.proto.v1.MembersRequest;
import io.switchboard.proto.v1.SwitchboardGrpc;
import io.switchboard.proto.v1.WhereIsReply;
import io.switchboard.proto.v1.WhereIsRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A blocking client of one node's public {@code switchboard.v1.Switchboard} service over
 * plaintext loopback. Every call carries a deadline; errors surface as
 * {@link io.grpc.StatusRuntimeException}. Thread-safe.
 */
final class NodeClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final SwitchboardGrpc.SwitchboardBlockingStub stub;

  NodeClient(String target) {
    channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
    stub = SwitchboardGrpc.newBlockingStub(channel);
  }

  /** {@code Call(name, payload)} within {@code deadline}. Blocks. */
  CallReply call(String name, String payload, Duration deadline) {
    return stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
        .call(CallRequest.newBuilder().setName(name)
            .setPayload(ByteString.copyFrom(payload, StandardCharsets.UTF_8)).build());
  }

  /** The owner of {@code name} as this node sees it. Blocks up to 5 s. */
  WhereIsReply whereIs(String name) {
    return stub.withDeadlineAfter(5, TimeUnit.SECONDS)
        .whereIs(WhereIsRequest.newBuilder().setName(name).build());
  }

  /** This node's membership view. Blocks up to {@code deadline}. */
  MembersReply members(Duration deadline) {
    return stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
        .members(MembersRequest.getDefaultInstance());
  }

  /** Closes the channel, waiting up to 5 s; an interrupt stays set on the thread. */
  @Override
  public void close() {
    try {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
