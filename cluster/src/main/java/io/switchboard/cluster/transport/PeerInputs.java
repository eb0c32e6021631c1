package io.switchboard.cluster.transport;

import io.grpc.BindableService;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.switchboard.proto.v1.ChildCallRequest;
import io.switchboard.proto.v1.ForwardRequest;
import io.switchboard.proto.v1.StartChildRequest;
import io.switchboard.proto.v1.StopChildRequest;
import io.switchboard.supervisor.ServerNames;
import java.util.Optional;

/**
 * Judges the server names in every inbound {@code switchboard.v1.Peer} request by the one rule
 * ({@link ServerNames}) before any handler sees it: {@code Forward} ({@code name}, and its
 * {@code request_id}: at most 64 bytes), {@code StartChild}, {@code StopChild} and {@code
 * ChildCall} ({@code child}). A bad name ends the call with {@code INVALID_ARGUMENT} naming the field; the
 * handler is never called. Messages of other types pass unchanged, so it may wrap any service.
 *
 * <p>Stateless and thread-safe; per call, gRPC calls the listener serially.
 */
public final class PeerInputs implements ServerInterceptor {
  private static final PeerInputs INSTANCE = new PeerInputs();

  private PeerInputs() {}

  /** {@code service} behind this check. */
  public static BindableService guard(BindableService service) {
    return () -> ServerInterceptors.intercept(service, INSTANCE);
  }

  /** What is wrong with one inbound message, or empty. Pure. */
  public static Optional<String> problem(Object message) {
    if (message instanceof ForwardRequest r) {
      if (r.getRequestId().size() > io.switchboard.supervisor.Router.MAX_REQUEST_ID_BYTES) {
        return Optional.of("ForwardRequest.request_id: " + r.getRequestId().size()
            + " bytes, more than " + io.switchboard.supervisor.Router.MAX_REQUEST_ID_BYTES);
      }
      return field("ForwardRequest.name", r.getName());
    } else if (message instanceof StartChildRequest r) {
      return field("StartChildRequest.child", r.getChild());
    } else if (message instanceof StopChildRequest r) {
      return field("StopChildRequest.child", r.getChild());
    } else if (message instanceof ChildCallRequest r) {
      return field("ChildCallRequest.child", r.getChild());
    }
    return Optional.empty();
  }

  private static Optional<String> field(String field, String name) {
    return ServerNames.problem(name).map(p -> field + ": " + p);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    return new Checked<>(call, next.startCall(call, headers));
  }

  /** Forwards messages that pass; after a refusal, only the end of the call (cancel, complete). */
  private static final class Checked<Q> extends SimpleForwardingServerCallListener<Q> {
    private final ServerCall<Q, ?> call;
    private boolean refused;

    Checked(ServerCall<Q, ?> call, ServerCall.Listener<Q> delegate) {
      super(delegate);
      this.call = call;
    }

    @Override
    public void onMessage(Q message) {
      if (refused) {
        return;
      }
      Optional<String> bad = problem(message);
      if (bad.isPresent()) {
        refused = true;
        call.close(Status.INVALID_ARGUMENT.withDescription(bad.get()), new Metadata());
        return;
      }
      super.onMessage(message);
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        super.onHalfClose();
      }
    }

    @Override
    public void onReady() {
      if (!refused) {
        super.onReady();
      }
    }
  }
}
