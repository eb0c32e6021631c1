package io.switchboard.node;

import io.switchboard.node.app.DemoProvider;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Template;
import io.switchboard.supervisor.TreeSnapshot;
import io.switchboard.supervisor.app.AppContext;
import io.switchboard.supervisor.app.AppInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The demo application plus unsupervised {@code gate-*} servers that share one {@link Gate}. */
public final class TestApp implements AppInstance {
  private final AppInstance demo;
  private final List<Template> templates;

  public TestApp(AppContext ctx, Gate gate) {
    this.demo = new DemoProvider().start(ctx);
    Template gates = new Template() {
      @Override
      public String kind() {
        return "gate";
      }

      @Override
      public boolean matches(String name) {
        return name.startsWith("gate-");
      }

      @Override
      public Promise<Void> start(String name) {
        return ctx.loops().startAsync(name, gate, null);
      }

      @Override
      public Promise<byte[]> release(String name, io.switchboard.supervisor.ExitReason reason) {
        return ctx.loops().handOffAsync(name, reason);
      }
    };
    List<Template> all = new ArrayList<>();
    all.add(gates);
    all.addAll(demo.templates());
    this.templates = List.copyOf(all);
  }

  @Override
  public String name() {
    return "test";
  }

  @Override
  public List<Template> templates() {
    return templates;
  }

  @Override
  public List<String> supervisors() {
    return demo.supervisors();
  }

  @Override
  public Promise<List<TreeSnapshot>> tree() {
    return demo.tree();
  }

  @Override
  public Optional<String> notReadyReason() {
    return demo.notReadyReason();
  }

  @Override
  public void stop(Duration timeout) {
    demo.stop(timeout);
  }
}
