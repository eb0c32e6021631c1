package io.switchboard.supervisor;

/** Where a hosted server is in its life. */
public enum ServerStatus {
  /** {@code init} is queued or running. */
  STARTING,
  /** Serving inputs. */
  RUNNING,
  /** Crashed or exited, held for its supervisor, which will restart or remove it. */
  EXITED,
  /** Waiting out a restart backoff; calls get {@code Unavailable("restarting")}. */
  RESTARTING,
  /** Stopped and removed. */
  STOPPED
}
