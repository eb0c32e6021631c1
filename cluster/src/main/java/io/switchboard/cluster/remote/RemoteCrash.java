package io.switchboard.cluster.remote;

/**
 * The cause of a crash that happened on another node: only its text travels (a Java exception
 * cannot), so the supervisor's crash report carries this with the remote node's name. It has no
 * local stack trace (that would point at the heartbeat code, not at the crash).
 */
public final class RemoteCrash extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String node;

  /**
   * @param node the node the child crashed on
   * @param cause the crash as the remote node described it ({@code Throwable.toString()})
   */
  public RemoteCrash(String node, String cause) {
    super(cause + " (on " + node + ")", null, false, false);
    this.node = node;
  }

  /** The node the child crashed on. */
  public String node() {
    return node;
  }
}
