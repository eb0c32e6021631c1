package io.switchboard.cluster.remote;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.switchboard.cluster.membership.Member;
import io.switchboard.proto.v1.HeartbeatPing;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The supervising side of one heartbeat link to one peer: the stream, its lease, the children
 * running there and the start ids this node gave up on. Guarded by the {@link Supervising} lock;
 * stream writes happen under it too (gRPC streams are not thread-safe; onNext never blocks).
 *
 * <p>A link is <em>established</em> once a StartChild on it succeeded (the peer then has a
 * session for it, so pings are welcome); only an established link pings and can expire. An
 * unestablished link is bounded by its starts' deadline instead.
 */
final class PeerLink {
  final Member peer;
  final String id;
  final HeartbeatLease lease;
  final Set<String> children = new HashSet<>();
  /** Abandoned start id → sequence of the first ping that carried it (0 = not sent yet). */
  final Map<Long, Long> abandoned = new LinkedHashMap<>();
  int starting;
  boolean established;
  boolean lost;
  /** The last attempt to reach the peer found nothing listening (cleared by a pong). */
  boolean refused;
  long idleSince = -1;
  /** Bumped for every stream opened, so callbacks of an older stream are ignored. */
  int generation;
  StreamObserver<HeartbeatPing> stream;

  PeerLink(Member peer, String id, HeartbeatLease lease) {
    this.peer = peer;
    this.id = id;
    this.lease = lease;
  }

  /**
   * Nothing runs or is pending here. Abandoned ids keep an established link open until the peer
   * acknowledged them; a link that never got established never pings, so its peer fences
   * whatever an abandoned start left there by itself.
   */
  boolean idle() {
    return children.isEmpty() && starting == 0 && (abandoned.isEmpty() || !established);
  }

  /** The abandoned ids to carry in ping {@code seq} (marking the ones sent for the first time). */
  List<Long> abandonedFor(long seq) {
    List<Long> ids = new ArrayList<>(abandoned.size());
    for (Map.Entry<Long, Long> e : abandoned.entrySet()) {
      if (e.getValue() == 0L) {
        e.setValue(seq);
      }
      ids.add(e.getKey());
    }
    return ids;
  }

  /** A pong answered ping {@code seq}: the peer has handled every id that ping carried. */
  void acknowledge(long seq) {
    abandoned.values().removeIf(first -> first != 0L && first <= seq);
  }

  /** Ends the stream without a graceful close (the peer's lease then decides). */
  void cancelStream(String why) {
    StreamObserver<HeartbeatPing> s = stream;
    stream = null;
    if (s != null) {
      try {
        s.onError(Status.CANCELLED.withDescription(why).asRuntimeException());
      } catch (RuntimeException ignored) {
        // already closed by the transport: nothing left to cancel
      }
    }
  }

  /** Half-closes the stream: the peer forgets the (idle) session at once. */
  void completeStream() {
    StreamObserver<HeartbeatPing> s = stream;
    stream = null;
    if (s != null) {
      try {
        s.onCompleted();
      } catch (RuntimeException ignored) {
        // already closed by the transport
      }
    }
  }
}
