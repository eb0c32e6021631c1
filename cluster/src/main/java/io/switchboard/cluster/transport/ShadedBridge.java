package io.switchboard.cluster.transport;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ServiceDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.ratis.thirdparty.io.grpc.Context;
import org.apache.ratis.thirdparty.io.grpc.Deadline;
import org.apache.ratis.thirdparty.io.grpc.Grpc;
import org.apache.ratis.thirdparty.io.grpc.Metadata;
import org.apache.ratis.thirdparty.io.grpc.MethodDescriptor;
import org.apache.ratis.thirdparty.io.grpc.ServerCall;
import org.apache.ratis.thirdparty.io.grpc.ServerCallHandler;
import org.apache.ratis.thirdparty.io.grpc.ServerServiceDefinition;
import org.apache.ratis.thirdparty.io.grpc.Status;

/**
 * Serves a service written against grpc-java ({@code io.grpc}) on a server of Apache Ratis'
 * shaded copy of gRPC ({@code org.apache.ratis.thirdparty.io.grpc}), so that {@code Peer} and Raft
 * share the one peer port: every call arriving on the Ratis server is relayed, as bytes, to the
 * same method on an in-process {@code io.grpc} channel, and its answers back. The two gRPC copies
 * cannot share classes; bytes, status codes, deadlines and cancellation cross, flow control is
 * kept on both legs (a message is asked for only when the other side is ready for it).
 *
 * <p>{@code admission} sees the caller's remote address before anything is relayed; a refusal
 * ends the call with {@code PERMISSION_DENIED}. Headers and trailers are not relayed ({@code Peer}
 * carries none of its own). Stateless; each relayed call is thread-safe as gRPC requires (each
 * leg's callbacks arrive serially; {@code request} may be called from any thread).
 */
final class ShadedBridge {
  private static final MethodDescriptor.Marshaller<byte[]> SHADED_BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          return readAll(stream);
        }
      };

  private static final io.grpc.MethodDescriptor.Marshaller<byte[]> BYTES =
      new io.grpc.MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          return readAll(stream);
        }
      };

  private ShadedBridge() {}

  /** {@code service}'s methods on the shaded server, relayed to {@code target}. */
  static ServerServiceDefinition bridge(ServiceDescriptor service, Channel target,
      Function<SocketAddress, Optional<String>> admission) {
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(service.getName());
    for (io.grpc.MethodDescriptor<?, ?> m : service.getMethods()) {
      // UNKNOWN, not the method's own type: for a unary method gRPC holds its response headers
      // back until the reply (no flush); a relayed call must be able to send them early (an
      // acknowledged Forward, ForwardAcks). The type does not travel on the wire.
      MethodDescriptor<byte[], byte[]> shaded = MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNKNOWN)
          .setFullMethodName(m.getFullMethodName())
          .setRequestMarshaller(SHADED_BYTES).setResponseMarshaller(SHADED_BYTES)
          .build();
      io.grpc.MethodDescriptor<byte[], byte[]> inner = m.toBuilder(BYTES, BYTES).build();
      b.addMethod(shaded, handler(inner, target, admission));
    }
    return b.build();
  }

  private static ServerCallHandler<byte[], byte[]> handler(
      io.grpc.MethodDescriptor<byte[], byte[]> method, Channel target,
      Function<SocketAddress, Optional<String>> admission) {
    return (call, headers) -> {
      Optional<String> refused = admission.apply(
          call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
      if (refused.isPresent()) {
        call.close(Status.PERMISSION_DENIED.withDescription(refused.get()), new Metadata());
        return new ServerCall.Listener<>() {};
      }
      CallOptions options = CallOptions.DEFAULT;
      Deadline deadline = Context.current().getDeadline();
      if (deadline != null) {
        options = options.withDeadlineAfter(
            Math.max(0, deadline.timeRemaining(TimeUnit.NANOSECONDS)), TimeUnit.NANOSECONDS);
      }
      Relay relay = new Relay(call, target.newCall(method, options));
      relay.start();
      return relay;
    };
  }

  /** One relayed call: listens to the outer (shaded) call and to the inner one. */
  private static final class Relay extends ServerCall.Listener<byte[]> {
    private final ServerCall<byte[], byte[]> outer;
    private final ClientCall<byte[], byte[]> inner;
    /** The inner side sent a message the outer could not take yet: ask again on outer ready. */
    private final AtomicBoolean answerWanted = new AtomicBoolean();
    /** The outer side sent a message the inner could not take yet: ask again on inner ready. */
    private final AtomicBoolean requestWanted = new AtomicBoolean();

    Relay(ServerCall<byte[], byte[]> outer, ClientCall<byte[], byte[]> inner) {
      this.outer = outer;
      this.inner = inner;
    }

    void start() {
      inner.start(new ClientCall.Listener<>() {
        private boolean headersSent;

        @Override
        public void onHeaders(io.grpc.Metadata headers) {
          outer.sendHeaders(new Metadata());
          headersSent = true;
        }

        @Override
        public void onMessage(byte[] message) {
          if (!headersSent) {
            outer.sendHeaders(new Metadata());
            headersSent = true;
          }
          outer.sendMessage(message);
          answerWanted.set(true);
          if (outer.isReady() && answerWanted.compareAndSet(true, false)) {
            inner.request(1);
          }
        }

        @Override
        public void onClose(io.grpc.Status status, io.grpc.Metadata trailers) {
          outer.close(Status.fromCodeValue(status.getCode().value())
              .withDescription(status.getDescription()), new Metadata());
        }

        @Override
        public void onReady() {
          if (requestWanted.compareAndSet(true, false)) {
            outer.request(1);
          }
        }
      }, new io.grpc.Metadata());
      inner.request(1);
      outer.request(1);
    }

    @Override
    public void onMessage(byte[] message) {
      inner.sendMessage(message);
      requestWanted.set(true);
      if (inner.isReady() && requestWanted.compareAndSet(true, false)) {
        outer.request(1);
      }
    }

    @Override
    public void onHalfClose() {
      inner.halfClose();
    }

    @Override
    public void onCancel() {
      inner.cancel("the peer cancelled the call", null);
    }

    @Override
    public void onReady() {
      if (answerWanted.compareAndSet(true, false)) {
        inner.request(1);
      }
    }
  }

  private static byte[] readAll(InputStream stream) {
    try {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
