package io.switchboard.cluster.transport;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Lets a {@code Peer.Forward} handler say "accepted" before it answers: {@link #accepted()}
 * sends the call's response headers at once. The forwarding node watches its attempt for one
 * second at most (a paused leader must not eat the caller's deadline) — but only until it sees
 * headers: an input the leader has handed to its server's loop is not retried, it waits for its
 * reply within the caller's deadline, however late the server answers (a deferred reply). A
 * retry there would step the input twice.
 *
 * <p>Wraps each call so that headers go out once, before the first message, whoever sends them
 * (the handler's acknowledgement or the stub's reply); the call's methods are serialised by the
 * wrapper's monitor. Stateless interceptor; thread-safe.
 */
public final class ForwardAcks implements ServerInterceptor {
  /** The current call's acknowledgement, in a handler's {@link Context}. */
  private static final Context.Key<Runnable> ACK = Context.key("switchboard-forward-ack");
  /** The single instance. */
  public static final ForwardAcks INSTANCE = new ForwardAcks();

  private ForwardAcks() {}

  /**
   * The acknowledgement of the call being handled on this thread (call it from the handler,
   * before returning; it may then run on any thread); a no-op outside such a call.
   */
  public static Runnable accepted() {
    Runnable ack = ACK.get();
    return ack == null ? () -> {} : ack;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Ackable<Q, R> wrapped = new Ackable<>(call);
    return Contexts.interceptCall(Context.current().withValue(ACK, wrapped::ack), wrapped,
        headers, next);
  }

  private static final class Ackable<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private boolean headersSent;
    private boolean closed;

    Ackable(ServerCall<Q, R> delegate) {
      super(delegate);
    }

    synchronized void ack() {
      if (!headersSent && !closed) {
        headersSent = true;
        super.sendHeaders(new Metadata());
      }
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
      if (!headersSent) {
        headersSent = true;
        super.sendHeaders(headers);
      }
    }

    @Override
    public synchronized void sendMessage(R message) {
      if (!headersSent) {
        headersSent = true;
        super.sendHeaders(new Metadata());
      }
      super.sendMessage(message);
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      closed = true;
      super.close(status, trailers);
    }
  }
}
