package io.switchboard.cluster.remote;

import io.switchboard.supervisor.ExitListener;
import io.switchboard.supervisor.ServerStatus;

/**
 * One remote child as the supervising node tracks it: what to start, where it runs now and in
 * which state its last known event left it. Guarded by the {@link Supervising} lock.
 *
 * <p>{@code startId} names the current incarnation (every start gets a new one), so an exit or a
 * start reply of an older incarnation is recognised and dropped.
 */
final class SupervisedChild {
  final String name;
  final RemoteChild spec;
  final String supervisor;
  final RemotePlacement placement;
  final ExitListener listener;
  ServerStatus status = ServerStatus.STARTING;
  PeerLink link;
  long startId;
  String node;
  String remoteLoop = "";

  SupervisedChild(String name, RemoteChild spec, String supervisor, RemotePlacement placement,
      ExitListener listener) {
    this.name = name;
    this.spec = spec;
    this.supervisor = supervisor;
    this.placement = placement;
    this.listener = listener;
  }

  /** A start of incarnation {@code id} on {@code link} was sent. */
  void starting(PeerLink on, long id) {
    status = ServerStatus.STARTING;
    link = on;
    startId = id;
    node = on.peer.name();
  }

  /** The current start succeeded on the hosting node's loop {@code loop}. */
  void running(String loop) {
    status = ServerStatus.RUNNING;
    remoteLoop = loop;
  }

  /** It exited (reported, or its link was lost): held for its supervisor's decision. */
  void exited() {
    status = ServerStatus.EXITED;
    link = null;
  }

  /** True when {@code link} and {@code id} name the incarnation that runs now. */
  boolean runsAs(PeerLink on, long id) {
    return status == ServerStatus.RUNNING && link == on && startId == id;
  }
}
