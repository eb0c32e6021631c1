package io.switchboard.cluster.remote;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.switchboard.cluster.transport.GrpcReplies;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import java.util.function.BiConsumer;

/**
 * Unary gRPC calls as {@link Promise}s of reply values: errors mapped by {@link GrpcReplies},
 * except {@code FAILED_PRECONDITION} (the peer has no session for the link), which becomes an
 * {@code Unavailable} whose message starts with {@link #NO_SESSION}.
 */
final class Rpc {
  /** The message prefix of a refusal because the peer does not know the link. */
  static final String NO_SESSION = "no session for link";

  private Rpc() {}

  /**
   * Issues {@code call} and completes the promise with its single reply, or with the error reply
   * for {@code name} on {@code peer}. Never blocks.
   */
  static <Q, A> Promise<A> unary(String name, String peer, Q request,
      BiConsumer<Q, StreamObserver<A>> call) {
    Promise<A> out = new Promise<>();
    try {
      call.accept(request, new StreamObserver<>() {
        @Override
        public void onNext(A value) {
          out.complete(Reply.ok(value));
        }

        @Override
        public void onError(Throwable t) {
          Status s = Status.fromThrowable(t);
          out.complete(s.getCode() == Status.Code.FAILED_PRECONDITION
              ? new Reply.Unavailable<>(NO_SESSION + ": " + s.getDescription())
              : GrpcReplies.fromThrowable(t, name, peer));
        }

        @Override
        public void onCompleted() {
          out.complete(new Reply.Unavailable<>("peer " + peer + " answered nothing"));
        }
      });
    } catch (RuntimeException e) {
      out.complete(GrpcReplies.fromThrowable(e, name, peer));
    }
    return out;
  }
}
