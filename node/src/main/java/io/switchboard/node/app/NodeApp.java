package io.switchboard.node.app;

import io.switchboard.proto.v1.TreeNode;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.PrefixTemplate;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Template;
import io.switchboard.supervisor.TreeSnapshot;
import io.switchboard.supervisor.app.AppInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applications a node runs ({@code --app}, in order), already started, seen as one: their
 * templates for on-demand servers, their supervision trees, and their orderly stop. Thread-safe.
 */
public final class NodeApp {
  private static final Logger log = LoggerFactory.getLogger(NodeApp.class);

  private final List<AppInstance> apps;
  private final String node;

  /**
   * @param apps the started applications, in start order
   * @param node this node's name, shown in the tree
   * @throws Apps.ConflictException when two applications have templates of one kind, or two
   *     {@link PrefixTemplate}s' prefixes overlap (one starts with the other: a name would have
   *     two templates)
   */
  public NodeApp(List<AppInstance> apps, String node) {
    this.apps = List.copyOf(apps);
    this.node = node;
    List<String> prefixes = new ArrayList<>();
    for (AppInstance a : this.apps) {
      for (Template t : a.templates()) {
        if (t instanceof PrefixTemplate p) {
          for (String other : prefixes) {
            String[] o = other.split(" ", 2);
            if (o[0].startsWith(p.prefix()) || p.prefix().startsWith(o[0])) {
              throw new Apps.ConflictException("the template prefixes '" + o[0] + "' ("
                  + o[1] + ") and '" + p.prefix() + "' (" + a.name() + ") overlap: a name would"
                  + " match both");
            }
          }
          prefixes.add(p.prefix() + " " + a.name());
        }
      }
    }
    Map<String, String> kinds = new HashMap<>();
    for (AppInstance a : this.apps) {
      for (Template t : a.templates()) {
        String other = kinds.putIfAbsent(t.kind(), a.name());
        if (other != null) {
          throw new Apps.ConflictException("applications " + other + " and " + a.name()
              + " both have templates of kind '" + t.kind() + "'");
        }
      }
    }
  }

  /** The applications' names, in start order. */
  public List<String> names() {
    return apps.stream().map(AppInstance::name).toList();
  }

  /** The template that starts {@code name}: the first application's that matches. Pure. */
  public Optional<Template> template(String name) {
    for (AppInstance a : apps) {
      Optional<Template> t = a.template(name);
      if (t.isPresent()) {
        return t;
      }
    }
    return Optional.empty();
  }

  /** The template of kind {@code kind} (kinds are unique across the applications). Pure. */
  public Optional<Template> templateOfKind(String kind) {
    for (AppInstance a : apps) {
      for (Template t : a.templates()) {
        if (t.kind().equals(kind)) {
          return Optional.of(t);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A new server for a child a remote supervisor asks this node to host: built by the template
   * of kind {@code kind} ({@link Template#newServer(String, byte[])}), whatever the child's name;
   * empty when no application has that template or it cannot host remote children.
   */
  public Optional<GenServer<?, ?, ?>> newRemoteChild(String kind, byte[] args, String child) {
    return templateOfKind(kind).flatMap(t -> t.newServer(child, args));
  }

  /** Every server kind the templates start, for metrics registered at start-up. */
  public List<String> kinds() {
    return apps.stream().flatMap(a -> a.templates().stream()).map(Template::kind).toList();
  }

  /** The paths of the applications' supervisors, for metrics registered at start-up. */
  public List<String> supervisors() {
    return apps.stream().flatMap(a -> a.supervisors().stream()).toList();
  }

  /**
   * The supervision trees, each supervisor listing at most {@code maxChildren} children. Never
   * blocks: the promise completes once every supervisor answered.
   */
  public Promise<List<TreeNode>> tree(int maxChildren) {
    return tree(maxChildren, RemoteView.NONE);
  }

  /**
   * The supervision trees as {@link #tree(int)}, remote children showing the node they run on,
   * then one root per child this node hosts for a supervisor on another node ({@code remote}
   * is read once every supervisor answered).
   */
  public Promise<List<TreeNode>> tree(int maxChildren, RemoteView remote) {
    Function<String, String> kindOf = name -> template(name).map(Template::kind).orElse(name);
    Promise<List<TreeNode>> acc = Promise.completed(new io.switchboard.supervisor.Reply.Ok<>(
        List.of()));
    for (AppInstance a : apps) {
      acc = acc.flatMap(done -> a.tree().map(trees -> {
        List<TreeNode> next = new ArrayList<>(done);
        for (TreeSnapshot s : trees) {
          next.add(Trees.toProto(s, node, maxChildren, kindOf, remote));
        }
        return List.copyOf(next);
      }));
    }
    return acc.map(trees -> {
      List<RemoteView.Hosted> hosted = remote.hosted();
      if (hosted.isEmpty()) {
        return trees;
      }
      List<TreeNode> all = new ArrayList<>(trees);
      hosted.stream().limit(maxChildren).forEach(h -> all.add(Trees.hosted(h, node)));
      return List.copyOf(all);
    });
  }

  /** Why an application cannot serve, or empty. */
  public Optional<String> notReadyReason() {
    for (AppInstance a : apps) {
      Optional<String> why = a.notReadyReason();
      if (why.isPresent()) {
        return why;
      }
    }
    return Optional.empty();
  }

  /** Stops the applications, the last started first. Blocks up to {@code timeout} in all. */
  public void stop(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = apps.size() - 1; i >= 0; i--) {
      AppInstance a = apps.get(i);
      try {
        a.stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        log.info("event=app_stopped app={}", a.name());
      } catch (RuntimeException e) {
        log.warn("event=app_stop_failed app={} error=\"{}\"", a.name(), e.toString(), e);
      }
    }
  }
}
