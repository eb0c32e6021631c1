package io.switchboard.node;

import io.switchboard.node.app.AppContext;
import io.switchboard.node.app.DemoApp;
import io.switchboard.node.app.NodeApp;
import io.switchboard.proto.v1.TreeNode;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Template;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The demo application plus unsupervised {@code gate-*} servers that share one {@link Gate}. */
public final class TestApp implements NodeApp {
  private final DemoApp demo;
  private final Template gates;

  public TestApp(AppContext ctx, Gate gate) {
    this.demo = DemoApp.start(ctx);
    this.gates = new Template() {
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
  }

  @Override
  public String name() {
    return "test";
  }

  @Override
  public Optional<Template> template(String name) {
    return gates.matches(name) ? Optional.of(gates) : demo.template(name);
  }

  @Override
  public List<String> kinds() {
    return List.of("counter", "line", "gate");
  }

  @Override
  public List<String> supervisors() {
    return demo.supervisors();
  }

  @Override
  public Promise<List<TreeNode>> tree(int maxChildren) {
    return demo.tree(maxChildren);
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
