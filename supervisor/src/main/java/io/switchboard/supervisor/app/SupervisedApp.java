package io.switchboard.supervisor.app;

import io.switchboard.supervisor.ChildStatus;
import io.switchboard.supervisor.ChildType;
import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.Template;
import io.switchboard.supervisor.TreeSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link AppInstance#builder}'s instance: root supervisors and templates. Thread-safe. */
final class SupervisedApp implements AppInstance {
  private static final Logger log = LoggerFactory.getLogger(SupervisedApp.class);

  private final String name;
  private final List<Supervisor> roots;
  private final List<Template> templates;
  private final List<Runnable> onStop;
  private final List<String> supervisors;

  SupervisedApp(AppInstance.Builder b) {
    if (b.roots.isEmpty()) {
      throw new IllegalArgumentException("application " + b.name + " has no root supervisor");
    }
    Set<String> kinds = new HashSet<>();
    for (Template t : b.templates) {
      if (!kinds.add(t.kind())) {
        throw new IllegalArgumentException("application " + b.name
            + " has two templates of kind '" + t.kind() + "'");
      }
    }
    this.name = b.name;
    this.roots = List.copyOf(b.roots);
    this.templates = List.copyOf(b.templates);
    this.onStop = List.copyOf(b.onStop);
    this.supervisors = supervisorPaths(roots);
  }

  /** The supervisor paths of the trees as they are now (waits up to 5 s for the snapshots). */
  private static List<String> supervisorPaths(List<Supervisor> roots) {
    List<String> out = new ArrayList<>();
    for (Supervisor r : roots) {
      Reply<TreeSnapshot> s = r.snapshotAsync().await(Deadline.after(Duration.ofSeconds(5)),
          IdleStrategy.parking());
      if (s instanceof Reply.Ok<TreeSnapshot> ok) {
        paths(ok.value(), "", out);
      } else {
        out.add(r.name());
      }
    }
    return List.copyOf(out);
  }

  private static void paths(TreeSnapshot s, String parent, List<String> out) {
    if (s.type() != ChildType.SUPERVISOR) {
      return;
    }
    String path = parent.isEmpty() ? s.id() : parent + "/" + s.id();
    out.add(path);
    for (TreeSnapshot c : s.children()) {
      paths(c, path, out);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Template> templates() {
    return templates;
  }

  @Override
  public List<String> supervisors() {
    return supervisors;
  }

  @Override
  public Promise<List<TreeSnapshot>> tree() {
    Promise<List<TreeSnapshot>> acc = Promise.completed(new Reply.Ok<>(List.of()));
    for (Supervisor r : roots) {
      acc = acc.flatMap(done -> r.snapshotAsync().map(s -> {
        List<TreeSnapshot> next = new ArrayList<>(done);
        next.add(s);
        return List.copyOf(next);
      }));
    }
    return acc;
  }

  @Override
  public Optional<String> notReadyReason() {
    for (Supervisor r : roots) {
      ChildStatus s = r.status();
      if (s != ChildStatus.RUNNING && s != ChildStatus.RESTARTING) {
        return Optional.of("application " + name + ": supervisor " + r.name() + " is "
            + s.label());
      }
    }
    return Optional.empty();
  }

  @Override
  public void stop(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = roots.size() - 1; i >= 0; i--) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      Reply<Void> stopped = roots.get(i).stop(left);
      if (stopped instanceof Reply.Failure<Void> f) {
        log.warn("event=app_stop_incomplete app={} supervisor={} reason=\"{}\"", name,
            roots.get(i).name(), f.message());
      }
    }
    for (int i = onStop.size() - 1; i >= 0; i--) {
      try {
        onStop.get(i).run();
      } catch (RuntimeException e) {
        log.warn("event=app_on_stop_failed app={} error=\"{}\"", name, e.toString(), e);
      }
    }
  }
}
