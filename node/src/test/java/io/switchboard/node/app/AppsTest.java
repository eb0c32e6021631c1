package io.switchboard.node.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.SupervisorSpec;
import io.switchboard.supervisor.app.AppContext;
import io.switchboard.supervisor.app.AppInstance;
import io.switchboard.supervisor.app.AppProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How a node finds, refuses and starts applications ({@code --app}, {@code --app-path}). */
@Timeout(30)
class AppsTest {
  @TempDir Path dir;
  EventLoopGroup loops;

  @BeforeEach
  void start() {
    loops = EventLoopGroup.start("apps", 1, b -> b);
  }

  @AfterEach
  void stop() {
    loops.stop(Duration.ofSeconds(5));
  }

  /** Provider classes a test jar lists; public with a no-argument constructor for ServiceLoader. */
  public static final class Second implements AppProvider {
    @Override
    public String name() {
      return "second";
    }

    @Override
    public AppInstance start(AppContext ctx) {
      return AppInstance.builder(name())
          .root(ctx.startRoot("second", SupervisorSpec.oneForOne())).build();
    }
  }

  public static final class AnotherDemo implements AppProvider {
    @Override
    public String name() {
      return "demo";
    }

    @Override
    public AppInstance start(AppContext ctx) {
      throw new UnsupportedOperationException();
    }
  }

  public static final class BadName implements AppProvider {
    @Override
    public String name() {
      return "Bad Name";
    }

    @Override
    public AppInstance start(AppContext ctx) {
      throw new UnsupportedOperationException();
    }
  }

  public static final class FailsToStart implements AppProvider {
    @Override
    public String name() {
      return "fails";
    }

    @Override
    public AppInstance start(AppContext ctx) {
      throw new IllegalStateException("no database at db:5432");
    }
  }

  @Test
  void discover_classpathOnly_findsTheBuiltInDemo() throws Exception {
    Apps apps = Apps.discover(null);
    assertThat(apps.names()).contains("demo");
    assertThat(apps.find("demo").provider()).isInstanceOf(DemoProvider.class);
  }

  @Test
  void discover_jarInAppPath_addsItsProvidersAndNamesTheJar() throws Exception {
    Path jar = jar("second.jar", Second.class.getName());
    Apps apps = Apps.discover(dir);
    assertThat(apps.names()).contains("demo", "second");
    assertThat(apps.find("second").source()).isEqualTo(jar.toString());
  }

  @Test
  void discover_providerClassMissing_refusedNamingJarAndClass() throws Exception {
    Path jar = jar("broken.jar", "com.example.Missing");
    assertThatThrownBy(() -> Apps.discover(dir))
        .isInstanceOf(Apps.LoadException.class)
        .hasMessageContaining("com.example.Missing in " + jar);
  }

  @Test
  void discover_twoProvidersOfOneName_refusedNamingBoth() throws Exception {
    Path jar = jar("twin.jar", AnotherDemo.class.getName());
    assertThatThrownBy(() -> Apps.discover(dir))
        .isInstanceOf(Apps.LoadException.class)
        .hasMessageContaining("two providers of application 'demo'")
        .hasMessageContaining(DemoProvider.class.getName())
        .hasMessageContaining(AnotherDemo.class.getName() + " in " + jar);
  }

  @Test
  void discover_invalidName_refused() throws Exception {
    jar("bad.jar", BadName.class.getName());
    assertThatThrownBy(() -> Apps.discover(dir))
        .isInstanceOf(Apps.LoadException.class)
        .hasMessageContaining("invalid name 'Bad Name'");
  }

  @Test
  void discover_appPathNotADirectory_refused() {
    assertThatThrownBy(() -> Apps.discover(dir.resolve("nope")))
        .isInstanceOf(Apps.LoadException.class).hasMessageContaining("not a directory");
  }

  @Test
  void start_unknownName_listsTheKnownOnes() throws Exception {
    Apps apps = Apps.discover(null);
    assertThatThrownBy(() -> apps.start(List.of("nosuch"), AppContext.of(loops, dir, "n1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown --app 'nosuch'").hasMessageContaining("demo");
  }

  @Test
  void start_inOrder_aFailureStopsWhatStartedAndNamesTheProvider() throws Exception {
    jar("apps.jar", Second.class.getName(), FailsToStart.class.getName());
    Apps apps = Apps.discover(dir);
    AppContext ctx = AppContext.of(loops, dir, "n1");
    assertThatThrownBy(() -> apps.start(List.of("second", "fails"), ctx))
        .isInstanceOf(Apps.AppStartException.class)
        .hasMessageContaining("application fails (" + FailsToStart.class.getName())
        .hasMessageContaining("no database at db:5432");
    // "second" was stopped: its root supervisor's name is free to start again
    List<AppInstance> again = apps.start(List.of("second"), ctx);
    assertThat(again).extracting(AppInstance::name).containsExactly("second");
    again.get(0).stop(Duration.ofSeconds(5));
  }

  @Test
  void nodeApp_twoAppsWithATemplateOfOneKind_refused() throws Exception {
    AppContext ctx = AppContext.of(loops, dir, "n1");
    AppInstance demo = new DemoProvider().start(ctx);
    io.switchboard.supervisor.PrefixTemplate.Spec tallies = io.switchboard.supervisor
        .PrefixTemplate.spec("counter", "tally-", "tallies", name -> new Crasher(new AtomicInteger()));
    io.switchboard.supervisor.Supervisor copyRoot = ctx.startRoot("copy",
        SupervisorSpec.oneForOne(tallies.supervisorSpec()));
    AppInstance copy = AppInstance.builder("copy").root(copyRoot)
        .template(tallies.template(copyRoot, loops)).build();
    try {
      assertThatThrownBy(() -> new NodeApp(List.of(demo, copy), "n1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("applications demo and copy both have templates of kind 'counter'");
    } finally {
      copy.stop(Duration.ofSeconds(5));
      demo.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void nodeApp_overlappingPrefixes_refusedNamingBothApps() throws Exception {
    AppContext ctx = AppContext.of(loops, dir, "n1");
    AppInstance demo = new DemoProvider().start(ctx);
    io.switchboard.supervisor.PrefixTemplate.Spec spec = io.switchboard.supervisor.PrefixTemplate
        .spec("special-counter", "counter-special-", "specials",
            name -> new Crasher(new AtomicInteger()));
    io.switchboard.supervisor.Supervisor root = ctx.startRoot("specials-root",
        SupervisorSpec.oneForOne(spec.supervisorSpec()));
    AppInstance clash = AppInstance.builder("clash").root(root)
        .template(spec.template(root, loops)).build();
    try {
      assertThatThrownBy(() -> new NodeApp(List.of(demo, clash), "n1"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'counter-' (demo) and 'counter-special-' (clash) overlap");
    } finally {
      clash.stop(Duration.ofSeconds(5));
      demo.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void rootGivesUp_theNodeIsTold() throws Exception {
    AtomicInteger told = new AtomicInteger();
    AppContext ctx = new AppContext(loops, dir, "n1", io.switchboard.supervisor.SupervisorListener.NONE,
        java.util.Map.of(), (root, reason) -> told.incrementAndGet());
    AtomicInteger inits = new AtomicInteger();
    // a permanent worker whose init fails after the first start: the root gives up (OTP: reached_max_restart_intensity)
    io.switchboard.supervisor.Supervisor root = ctx.startRoot("fragile", SupervisorSpec.oneForOne(
        ChildSpec.worker("w", () -> new Crasher(inits))));
    io.switchboard.supervisor.Reply<Void> killed = loops.killAsync("w",
        io.switchboard.supervisor.ExitReason.crash(new IllegalStateException("boom"))).await(
        io.switchboard.supervisor.Deadline.after(Duration.ofSeconds(5)),
        io.switchboard.supervisor.IdleStrategy.DEFAULT);
    assertThat(killed.isOk()).isTrue();
    io.switchboard.testkit.Await.until("the root gave up", Duration.ofSeconds(10),
        () -> told.get() == 1);
    assertThat(root.status()).isNotEqualTo(io.switchboard.supervisor.ChildStatus.RUNNING);
  }

  /** Starts once; every later {@code init} fails, so a restart fails and the root gives up. */
  static final class Crasher implements io.switchboard.supervisor.GenServer<String, String, String> {
    private final AtomicInteger inits;

    Crasher(AtomicInteger inits) {
      this.inits = inits;
    }

    @Override
    public String init() {
      if (inits.incrementAndGet() > 1) {
        throw new IllegalStateException("init fails after the first start");
      }
      return "";
    }

    @Override
    public io.switchboard.supervisor.Step<String, String> step(String input, String state) {
      return io.switchboard.supervisor.Step.of(state, input);
    }
  }

  private Path jar(String name, String... providers) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new JarEntry("META-INF/services/" + AppProvider.class.getName()));
      j.write((String.join("\n", providers) + "\n").getBytes(StandardCharsets.UTF_8));
      j.closeEntry();
    }
    return jar;
  }
}
