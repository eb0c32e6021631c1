package io.switchboard.bench.remote;

import io.switchboard.testkit.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Names grouped by the node that serves them now (their shard's leader, as {@code WhereIs}
 * answers): how a suite finds names to call on a given node without linking the node's hashing.
 * {@code WhereIs} starts nothing.
 */
final class Owners {
  /** {@code WhereIs} calls in flight at once. */
  private static final int IN_FLIGHT = 32;
  private static final Duration CALL = Duration.ofSeconds(5);
  private static final Duration BATCH = Duration.ofMinutes(5);

  private Owners() {}

  /**
   * Candidates {@code <prefix>0, <prefix>1, …}, asked in batches, until every node owns {@code
   * perNode} of them or {@code maxCandidates} were asked: node index → its names (at most {@code
   * perNode}; fewer when the candidates ran out, e.g. a node that leads no shard).
   *
   * @throws IllegalStateException when a {@code WhereIs} fails
   */
  static Map<Integer, List<String>> byOwner(ProcessCluster c, String prefix, int perNode,
      int maxCandidates) {
    Map<Integer, List<String>> out = new TreeMap<>();
    IntStream.range(0, c.size()).forEach(i -> out.put(i, new ArrayList<>()));
    int asked = 0;
    while (asked < maxCandidates && out.values().stream().anyMatch(l -> l.size() < perNode)) {
      int batch = Math.min(maxCandidates - asked, Math.max(64, perNode * c.size() / 2));
      int from = asked;
      List<String> names = IntStream.range(from, from + batch).mapToObj(k -> prefix + k).toList();
      List<String> owners = of(c, names);
      for (int k = 0; k < batch; k++) {
        List<String> mine = out.get(ProcessCluster.indexOf(owners.get(k)));
        if (mine.size() < perNode) {
          mine.add(names.get(k));
        }
      }
      asked += batch;
    }
    return out;
  }

  /**
   * The owner (node name) of each of {@code names}, asked of the nodes in turn, at most {@value
   * #IN_FLIGHT} at a time.
   *
   * @throws IllegalStateException when a {@code WhereIs} fails
   */
  static List<String> of(ProcessCluster c, List<String> names) {
    return Bounded.map(IntStream.range(0, names.size()).boxed().toList(), IN_FLIGHT, BATCH,
        k -> Nodes.owner(c.client(k % c.size()), names.get(k)));
  }
}
