package io.switchboard.node.app;

import java.util.List;
import java.util.Optional;

/**
 * What the trees show of remote supervision: where the remote children of this node's
 * supervisors run, and which children this node hosts for supervisors elsewhere. The cluster
 * layer implements it; a standalone node has {@link #NONE}. Thread-safe, never blocks.
 */
public interface RemoteView {

  /** No remote supervision. */
  RemoteView NONE = new RemoteView() {
    @Override
    public Optional<Placed> placed(String child) {
      return Optional.empty();
    }

    @Override
    public List<Hosted> hosted() {
      return List.of();
    }
  };

  /**
   * A remote child of this node's supervisors: the node it runs on (or last ran on), that node's
   * loop (empty before its first start answered) and the template it is built from (its kind).
   */
  record Placed(String node, String loop, String kind) {}

  /**
   * A child this node hosts for a supervisor on {@code supervisorNode}.
   *
   * @param status as {@code ServerStatus} names it ({@code STARTING}, {@code RUNNING}…)
   */
  record Hosted(String name, String kind, String supervisorNode, String loop, String status) {}

  /** Where {@code child} runs when it is a remote child of this node's supervisors. */
  Optional<Placed> placed(String child);

  /** The children this node hosts for supervisors on other nodes, sorted by name. */
  List<Hosted> hosted();
}
