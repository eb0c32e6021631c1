package io.switchboard.supervisor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small, deliberately naive reference model of OTP's supervisor rules, written from the OTP
 * documentation and independent of the engine: plain recursion over a mutable tree, a list of
 * restart timestamps per supervisor, everything synchronous.
 */
final class OtpModel {
  static final Duration PERIOD = Duration.ofSeconds(5);

  /** A generated child spec (worker or supervisor). */
  static final class Spec {
    final String id;
    final boolean supervisor;
    final Restart restart;
    Strategy strategy;
    int intensity;
    final List<Spec> children = new ArrayList<>();
    final List<String> dynamic = new ArrayList<>();

    Spec(String id, boolean supervisor, Restart restart) {
      this.id = id;
      this.supervisor = supervisor;
      this.restart = restart;
    }

    @Override
    public String toString() {
      if (!supervisor) {
        return id + ":" + restart.otpName();
      }
      return id + ":" + restart.otpName() + "/" + strategy.otpName() + "/" + intensity
          + children + (dynamic.isEmpty() ? "" : "+" + dynamic);
    }
  }

  /** A random supervisor spec: depth ≤ 2, 1–3 children, intensity 1–4 at the root, 0–2 below. */
  static Spec randomTree(Random rnd, int depth, AtomicInteger ids) {
    Restart restart = depth == 0 ? Restart.PERMANENT : pick(rnd, Restart.values());
    Spec s = new Spec("s" + ids.incrementAndGet(), true, restart);
    s.strategy = depth == 0 ? pick(rnd, new Strategy[] {Strategy.ONE_FOR_ONE,
        Strategy.ONE_FOR_ALL, Strategy.REST_FOR_ONE}) : pick(rnd, Strategy.values());
    s.intensity = depth == 0 ? 1 + rnd.nextInt(4) : rnd.nextInt(3);
    if (s.strategy == Strategy.SIMPLE_ONE_FOR_ONE) {
      s.children.add(new Spec("t" + ids.incrementAndGet(), false, pick(rnd, Restart.values())));
      for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
        s.dynamic.add("d" + ids.incrementAndGet());
      }
      return s;
    }
    for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
      if (depth < 2 && rnd.nextInt(3) == 0) {
        s.children.add(randomTree(rnd, depth + 1, ids));
      } else {
        s.children.add(new Spec("w" + ids.incrementAndGet(), false, pick(rnd, Restart.values())));
      }
    }
    return s;
  }

  private static <T> T pick(Random rnd, T[] values) {
    return values[rnd.nextInt(values.length)];
  }

  /** A running (or stopped) instance of a spec. */
  static final class Node {
    final Spec spec;
    final String id;
    final Node parent;
    final String path;
    boolean running;
    final List<Node> children = new ArrayList<>();
    final Deque<Long> restarts = new ArrayDeque<>();

    Node(Spec spec, String id, Node parent) {
      this.spec = spec;
      this.id = id;
      this.parent = parent;
      this.path = parent == null ? id : parent.path + "/" + id;
    }
  }

  final Node root;
  /** Starts per worker name ever seen. */
  final TreeMap<String, Integer> starts = new TreeMap<>();
  final List<String> gaveUp = new ArrayList<>();

  OtpModel(Spec rootSpec, String rootName) {
    this.root = new Node(rootSpec, rootName, null);
  }

  void start() {
    start(root);
  }

  private void start(Node n) {
    n.running = true;
    if (!n.spec.supervisor) {
      starts.merge(n.id, 1, Integer::sum);
      return;
    }
    n.children.clear();
    n.restarts.clear();
    if (n.spec.strategy != Strategy.SIMPLE_ONE_FOR_ONE) {
      for (Spec c : n.spec.children) {
        Node child = new Node(c, c.id, n);
        n.children.add(child);
        start(child);
      }
    }
  }

  void startDynamic(Node sup, String name) {
    Node child = new Node(sup.spec.children.get(0), name, sup);
    sup.children.add(child);
    start(child);
  }

  private void stop(Node n) {
    if (n.spec.supervisor) {
      for (int i = n.children.size() - 1; i >= 0; i--) {
        if (n.children.get(i).running) {
          stop(n.children.get(i));
        }
      }
    }
    n.running = false;
  }

  /** Worker {@code id} exits with {@code reason} at {@code now}. */
  void exit(String id, ExitReason reason, long now) {
    exit(find(root, id), reason, now);
  }

  private void exit(Node n, ExitReason reason, long now) {
    Node p = n.parent;
    n.running = false;
    Restart type = n.spec.restart;
    boolean restart = type == Restart.PERMANENT
        || (type == Restart.TRANSIENT && !reason.isNormal());
    if (!restart) {
      if (type == Restart.TEMPORARY || p.spec.strategy == Strategy.SIMPLE_ONE_FOR_ONE) {
        p.children.remove(n);
      }
      return;
    }
    while (!p.restarts.isEmpty() && now - p.restarts.peekFirst() > PERIOD.toNanos()) {
      p.restarts.pollFirst();
    }
    p.restarts.addLast(now);
    if (p.restarts.size() > p.spec.intensity) {
      giveUp(p, now);
      return;
    }
    int k = p.children.indexOf(n);
    switch (p.spec.strategy) {
      case ONE_FOR_ONE, SIMPLE_ONE_FOR_ONE -> start(n);
      case ONE_FOR_ALL -> restartFrom(p, k, 0);
      case REST_FOR_ONE -> restartFrom(p, k, k);
    }
  }

  private void restartFrom(Node p, int k, int from) {
    List<Node> range = new ArrayList<>(p.children.subList(from, p.children.size()));
    for (int i = range.size() - 1; i >= 0; i--) {
      Node c = range.get(i);
      if (c != p.children.get(k) && c.running) {
        stop(c);
      }
    }
    Node failed = p.children.get(k);
    for (Node c : range) {
      if (c != failed && c.spec.restart == Restart.TEMPORARY) {
        p.children.remove(c);
      }
    }
    for (Node c : new ArrayList<>(p.children.subList(from, p.children.size()))) {
      start(c);
    }
  }

  private void giveUp(Node p, long now) {
    gaveUp.add(p.path);
    stop(p);
    if (p.parent != null) {
      exit(p, ExitReason.SHUTDOWN, now);
    }
  }

  private static Node find(Node n, String id) {
    if (!n.spec.supervisor) {
      return n.id.equals(id) && n.running ? n : null;
    }
    for (Node c : n.children) {
      Node f = n.running ? find(c, id) : null;
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  /** Workers running now, by name, sorted. */
  List<String> runningWorkers() {
    List<String> out = new ArrayList<>();
    collect(root, out);
    out.sort(null);
    return out;
  }

  private static void collect(Node n, List<String> out) {
    if (!n.running) {
      return;
    }
    if (!n.spec.supervisor) {
      out.add(n.id);
      return;
    }
    for (Node c : n.children) {
      collect(c, out);
    }
  }

  /** Host status per worker ever started: RUNNING or down. */
  TreeMap<String, String> hostStatus() {
    TreeMap<String, String> out = new TreeMap<>();
    for (String id : starts.keySet()) {
      out.put(id, "down");
    }
    for (String id : runningWorkers()) {
      out.put(id, "RUNNING");
    }
    return out;
  }

  /** path=status for every node, not descending into stopped supervisors. */
  List<String> statuses() {
    List<String> out = new ArrayList<>();
    statuses(root, out);
    return out;
  }

  private static void statuses(Node n, List<String> out) {
    out.add(n.path + "=" + (n.running ? "running" : "stopped"));
    if (n.running && n.spec.supervisor) {
      for (Node c : n.children) {
        statuses(c, out);
      }
    }
  }
}
