package io.switchboard.supervisor;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable picture of a supervision tree: every supervisor and child with its status,
 * restart count, last exit reason and loop, and every running supervisor's child counts. The node's {@code tree} command and HTTP view render
 * it with {@link #text()} or {@link #json()}.
 *
 * <p>Each supervisor's part is taken atomically with respect to that supervisor's decisions; parts
 * of different supervisors are taken one after the other, so a tree that is changing may show a
 * child supervisor a moment later than its parent.
 *
 * @param id the supervisor's name or the child's id
 * @param type worker or supervisor
 * @param status as its supervisor sees it (the root: its own status)
 * @param strategy a supervisor's strategy, {@code null} for a worker
 * @param loop a worker's event loop, {@code null} for a supervisor
 * @param restarts restarts by its supervisor
 * @param lastExit its last exit reason as text, {@code null} if none
 * @param counts a supervisor's {@code count_children} (OTP: specs, active, supervisors,
 *     workers), taken with its part; {@code null} for a worker and for a child supervisor that
 *     is not running. Counts cover all children, also those a renderer leaves out
 * @param children a supervisor's children in start order (empty for a worker)
 */
public record TreeSnapshot(
    String id,
    ChildType type,
    ChildStatus status,
    @Nullable Strategy strategy,
    @Nullable String loop,
    int restarts,
    @Nullable String lastExit,
    @Nullable ChildCounts counts,
    List<TreeSnapshot> children) {

  public TreeSnapshot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    children = List.copyOf(children);
  }

  /** Indented text, one line per node. */
  public String text() {
    StringBuilder b = new StringBuilder();
    text(b, 0);
    return b.toString();
  }

  private void text(StringBuilder b, int depth) {
    b.append("  ".repeat(depth)).append(id).append(' ');
    if (type == ChildType.SUPERVISOR) {
      b.append("supervisor(").append(strategy == null ? "-" : strategy.otpName()).append(')');
    } else {
      b.append("worker");
    }
    b.append(" status=").append(status.label())
        .append(" restarts=").append(restarts)
        .append(" last_exit=").append(lastExit == null ? "-" : '"' + lastExit + '"')
        .append(" loop=").append(loop == null ? "-" : loop);
    if (counts != null) {
      b.append(" specs=").append(counts.specs()).append(" active=").append(counts.active())
          .append(" supervisors=").append(counts.supervisors())
          .append(" workers=").append(counts.workers());
    }
    b.append('\n');
    for (TreeSnapshot c : children) {
      c.text(b, depth + 1);
    }
  }

  /**
   * Compact JSON: {@code {"id":…,"type":…,"status":…,"strategy":…,"loop":…,
   * "restarts":…,"lastExit":…,"counts":{"specs":…,"active":…,"supervisors":…,"workers":…},
   * "children":[…]}}; absent values are {@code null}.
   */
  public String json() {
    StringBuilder b = new StringBuilder();
    json(b);
    return b.toString();
  }

  private void json(StringBuilder b) {
    b.append("{\"id\":");
    quote(b, id);
    b.append(",\"type\":");
    quote(b, type.otpName());
    b.append(",\"status\":");
    quote(b, status.label());
    b.append(",\"strategy\":");
    quote(b, strategy == null ? null : strategy.otpName());
    b.append(",\"loop\":");
    quote(b, loop);
    b.append(",\"restarts\":").append(restarts);
    b.append(",\"lastExit\":");
    quote(b, lastExit);
    b.append(",\"counts\":");
    if (counts == null) {
      b.append("null");
    } else {
      b.append("{\"specs\":").append(counts.specs()).append(",\"active\":")
          .append(counts.active()).append(",\"supervisors\":").append(counts.supervisors())
          .append(",\"workers\":").append(counts.workers()).append('}');
    }
    b.append(",\"children\":[");
    for (int i = 0; i < children.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      children.get(i).json(b);
    }
    b.append("]}");
  }

  private static void quote(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
