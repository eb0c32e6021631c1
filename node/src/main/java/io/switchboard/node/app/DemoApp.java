package io.switchboard.node.app;

import io.switchboard.examples.telephony.Line;
import io.switchboard.examples.telephony.TelephonyExchange;
import io.switchboard.proto.v1.TreeNode;
import io.switchboard.supervisor.ChildStatus;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorSpec;
import io.switchboard.supervisor.Template;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo application ({@code --app demo}): a root supervisor {@value #ROOT}
 * ({@code one_for_one}, OTP's default intensity) over the {@code simple_one_for_one} supervisor of
 * {@code counter-<anything>} ({@link CounterTemplate}, cluster-scoped), and the telephony tree
 * ({@code telephony}: the {@code events} manager and {@code line-<anything>} lines, node-local;
 * see {@link LineTemplate}). Thread-safe.
 */
public final class DemoApp implements NodeApp {
  private static final Logger log = LoggerFactory.getLogger(DemoApp.class);

  /** The value of {@code --app} that selects this application, and its root supervisor. */
  public static final String NAME = "demo";
  /** The root supervisor's name. */
  public static final String ROOT = "demo";
  /** The counters' supervisor path, as shown by {@code tree} and in metrics. */
  public static final String COUNTERS = ROOT + "/" + CounterTemplate.SUPERVISOR;

  /** The telephony supervisor's path. */
  public static final String TELEPHONY = TelephonyExchange.SUPERVISOR;

  private final AppContext ctx;
  private final Supervisor root;
  private final CounterTemplate counters;
  private final TelephonyExchange telephony;
  private final LineTemplate lines;

  private DemoApp(AppContext ctx, Supervisor root, CounterTemplate.Handed handed,
      TelephonyExchange telephony) {
    this.ctx = ctx;
    this.root = root;
    this.counters = new CounterTemplate(root, ctx.loops(), handed, ctx.dataDir());
    this.telephony = telephony;
    this.lines = new LineTemplate(telephony);
  }

  /**
   * Builds and starts the application's trees. Blocks up to 5 s.
   *
   * @throws IllegalStateException when the root supervisor fails to start
   */
  public static DemoApp start(AppContext ctx) {
    CounterTemplate.Handed handed = new CounterTemplate.Handed();
    Supervisor root = Supervisor.builder(ROOT, ctx.loops(),
            SupervisorSpec.oneForOne(CounterTemplate.supervisorSpec(ctx.dataDir(), handed)))
        .listener(ctx.listener())
        .onGiveUp((name, reason, report) -> log.error(
            "event=app_stopped app={} reason=\"root supervisor gave up\"", NAME))
        .build();
    Reply<Void> started = root.start();
    if (started instanceof Reply.Failure<Void> f) {
      throw new IllegalStateException("application " + NAME + " failed to start: "
          + f.message());
    }
    TelephonyExchange telephony = TelephonyExchange.start(ctx.loops(), ctx.dataDir(),
        Line.Config.DEFAULT, b -> b.listener(ctx.listener()));
    log.info("event=app_started app={} supervisors={}", NAME,
        List.of(ROOT, COUNTERS, TELEPHONY));
    return new DemoApp(ctx, root, handed, telephony);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Template> template(String name) {
    if (counters.matches(name)) {
      return Optional.of(counters);
    }
    return lines.matches(name) ? Optional.of(lines) : Optional.empty();
  }

  @Override
  public List<String> kinds() {
    return List.of(counters.kind(), lines.kind());
  }

  @Override
  public List<String> supervisors() {
    return List.of(ROOT, COUNTERS, TELEPHONY, TELEPHONY + "/lines");
  }

  @Override
  public Promise<List<TreeNode>> tree(int maxChildren) {
    java.util.function.Function<String, String> kinds = name -> "events".equals(name) ? "events"
        : template(name).map(Template::kind).orElse("unknown");
    return root.snapshotAsync().flatMap(demo -> telephony.supervisor().snapshotAsync()
        .map(tel -> List.of(
            Trees.toProto(demo, ctx.node(), maxChildren, kinds),
            Trees.toProto(tel, ctx.node(), maxChildren, kinds))));
  }

  @Override
  public Optional<String> notReadyReason() {
    ChildStatus s = root.status();
    return s == ChildStatus.RUNNING || s == ChildStatus.RESTARTING
        ? Optional.empty() : Optional.of("application " + NAME + " is " + s.label());
  }

  @Override
  public void stop(Duration timeout) {
    // right to left: the telephony tree started last, so it stops first
    telephony.close();
    Reply<Void> stopped = root.stop(timeout);
    if (stopped instanceof Reply.Failure<Void> f) {
      log.warn("event=app_stop_incomplete app={} reason=\"{}\"", NAME, f.message());
    }
  }
}
