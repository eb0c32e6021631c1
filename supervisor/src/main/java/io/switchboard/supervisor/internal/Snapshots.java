package io.switchboard.supervisor.internal;

import io.switchboard.supervisor.ChildCounts;
import io.switchboard.supervisor.ChildStatus;
import io.switchboard.supervisor.ChildType;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.TreeSnapshot;
import java.util.List;
import java.util.function.Consumer;

/**
 * Takes a {@link TreeSnapshot} of a subtree without stopping anything: each supervisor describes
 * its children inside its own serial executor, asks each running child supervisor for its part
 * the same way, and assembles the answer when the last part arrives. Nobody waits. Each
 * supervisor's {@code count_children} is taken with its part.
 */
final class Snapshots {
  private Snapshots() {}

  /** The subtree of {@code e}; call inside {@code e}'s serial; {@code k} runs there too. */
  static void take(SupervisorEngine e, Consumer<TreeSnapshot> k) {
    List<ChildRecord> recs = e.children.inOrder();
    TreeSnapshot[] out = new TreeSnapshot[recs.size()];
    ChildCounts counts = e.children.counts();
    int[] pending = {1};
    Runnable one = () -> {
      if (--pending[0] == 0) {
        ExitReason why = e.exitReason();
        k.accept(new TreeSnapshot(e.name, ChildType.SUPERVISOR, e.status(), e.spec.strategy(),
            null, 0, why == null ? null : why.toString(), counts, List.of(out)));
      }
    };
    for (int i = 0; i < recs.size(); i++) {
      ChildRecord rec = recs.get(i);
      int slot = i;
      out[i] = leaf(rec, null, List.of());
      SupervisorEngine sub = rec.sup;
      if (!rec.isWorker() && sub != null && rec.status != ChildStatus.STOPPED) {
        pending[0]++;
        sub.serial.execute(() -> take(sub, s -> e.serial.execute(() -> {
          out[slot] = leaf(rec, s.counts(), s.children());
          one.run();
        })));
      }
    }
    one.run();
  }

  /** A child as its supervisor sees it; a running child supervisor with its counts and kids. */
  private static TreeSnapshot leaf(ChildRecord rec, ChildCounts counts, List<TreeSnapshot> kids) {
    return new TreeSnapshot(rec.id, rec.spec.type(), rec.status,
        rec.isWorker() ? null : rec.spec.supervisor().strategy(), rec.loop, rec.restarts,
        rec.lastExit == null ? null : rec.lastExit.toString(), counts, kids);
  }
}
