package io.switchboard.cluster.remote;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.switchboard.proto.v1.ChildExit;
import io.switchboard.proto.v1.HeartbeatPong;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The hosting side of one heartbeat link: the children one supervising process started here
 * under it, its fence lease, the exits not yet sent and the stream to send them on. Guarded by
 * the {@link Hosting} lock; stream writes happen under it (gRPC streams are not thread-safe;
 * onNext never blocks).
 */
final class HostedLink {
  final String id;
  final String supervisorNode;
  final FenceLease fence;
  final Set<String> children = new HashSet<>();
  final ArrayDeque<ChildExit> exits = new ArrayDeque<>();
  StreamObserver<HeartbeatPong> stream;
  /** The latest ping sequence seen; pongs sent on their own repeat it. */
  long lastSeq;

  HostedLink(String id, String supervisorNode, FenceLease fence) {
    this.id = id;
    this.supervisorNode = supervisorNode;
    this.fence = fence;
  }

  /** Sends the queued exits at once, if there is a stream and anything to send. */
  void flush(String self, long epoch) {
    if (stream == null || exits.isEmpty()) {
      return;
    }
    HeartbeatPong.Builder pong = HeartbeatPong.newBuilder().setFromNode(self).setEpoch(epoch)
        .setSeq(lastSeq);
    ChildExit e;
    while ((e = exits.poll()) != null) {
      pong.addExits(e);
    }
    send(pong.build());
  }

  /** Answers ping {@code seq}, with every queued exit. */
  void answer(String self, long epoch, long seq) {
    lastSeq = seq;
    HeartbeatPong.Builder pong = HeartbeatPong.newBuilder().setFromNode(self).setEpoch(epoch)
        .setSeq(seq);
    ChildExit e;
    while ((e = exits.poll()) != null) {
      pong.addExits(e);
    }
    send(pong.build());
  }

  private void send(HeartbeatPong pong) {
    try {
      stream.onNext(pong);
    } catch (RuntimeException e) {
      stream = null; // the call ended; exits of this pong are lost with the link's lease
    }
  }

  /** Ends the stream with {@code FAILED_PRECONDITION}: the supervising side drops the link. */
  void refuseStream(String why) {
    StreamObserver<HeartbeatPong> s = stream;
    stream = null;
    if (s != null) {
      try {
        s.onError(Status.FAILED_PRECONDITION.withDescription(why).asRuntimeException());
      } catch (RuntimeException ignored) {
        // already closed
      }
    }
  }
}
