package io.switchboard.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.Main;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.PrefixTemplate;
import io.switchboard.supervisor.Step;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorSpec;
import io.switchboard.supervisor.app.AppContext;
import io.switchboard.supervisor.app.AppInstance;
import io.switchboard.supervisor.app.AppProvider;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Applications that cannot run together (a template prefix of one overlaps another's) are a
 * usage error: {@code switchboard node} exits 2 and names both applications.
 */
@Timeout(60)
class NodeAppConflictTest {
  @TempDir Path dir;

  /** Serves {@code counter-x-*}: inside the demo's {@code counter-*}. */
  public static final class Clash implements AppProvider {
    @Override
    public String name() {
      return "clash";
    }

    @Override
    public AppInstance start(AppContext ctx) {
      PrefixTemplate.Spec spec = PrefixTemplate.spec("clash", "counter-x-", "clashes",
          name -> new Echo());
      Supervisor root = ctx.startRoot("clash", SupervisorSpec.oneForOne(spec.supervisorSpec()));
      return AppInstance.builder(name()).root(root).template(spec.template(root, ctx.loops()))
          .build();
    }
  }

  static final class Echo implements GenServer<String, String, String> {
    @Override
    public String init() {
      return "";
    }

    @Override
    public Step<String, String> step(String input, String state) {
      return Step.of(state, input);
    }
  }

  @Test
  void node_overlappingPrefixes_exit2NamingBothApps() throws Exception {
    Path apps = Files.createDirectories(dir.resolve("apps"));
    try (OutputStream out = Files.newOutputStream(apps.resolve("clash.jar"));
        JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new JarEntry("META-INF/services/" + AppProvider.class.getName()));
      j.write((Clash.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      j.closeEntry();
    }
    CommandLine cl = Main.commandLine(Map.of());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute("node", "--name", "c1", "--grpc-port", "0", "--http-port", "0",
        "--data-dir", dir.resolve("data").toString(), "--app", "demo,clash",
        "--app-path", apps.toString());
    assertThat(exit).as(err.toString()).isEqualTo(2);
    assertThat(err.toString()).contains("'counter-' (demo) and 'counter-x-' (clash) overlap");
  }
}
