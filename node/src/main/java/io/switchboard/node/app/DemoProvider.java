package io.switchboard.node.app;

import io.switchboard.examples.telephony.Line;
import io.switchboard.examples.telephony.TelephonyExchange;
import io.switchboard.supervisor.PrefixTemplate;
import io.switchboard.supervisor.Supervisor;
import io.switchboard.supervisor.SupervisorSpec;
import io.switchboard.supervisor.app.AppContext;
import io.switchboard.supervisor.app.AppInstance;
import io.switchboard.supervisor.app.AppProvider;

/**
 * The demo application ({@code --app demo}), built like any user's application on the public
 * {@link AppProvider} API only: a root supervisor {@value #ROOT} ({@code one_for_one}, OTP's
 * default intensity) over the {@code simple_one_for_one} supervisor of {@code counter-<anything>}
 * ({@link CounterTemplate}, cluster-scoped), and the telephony tree ({@code telephony}: the
 * {@code events} manager and {@code line-<anything>} lines, cluster-scoped like the counters and
 * signalling each other by name through the node's router; see {@link LineTemplate}). On a
 * cluster node the root also gets, once the node is ready, the supervisor {@value
 * #REMOTE_SUPERVISOR} whose child {@code remote-counter-<node>} runs on
 * another member (remote supervision; see {@link RemoteCounter}).
 */
public final class DemoProvider implements AppProvider {
  /** The value of {@code --app} that selects this application. */
  public static final String NAME = "demo";
  /** The root supervisor's name. */
  public static final String ROOT = "demo";
  /** The counters' supervisor path, as shown by {@code tree} and in metrics. */
  public static final String COUNTERS = ROOT + "/" + CounterTemplate.SUPERVISOR;
  /** The telephony supervisor's path. */
  public static final String TELEPHONY = TelephonyExchange.SUPERVISOR;
  /** The path of the supervisor whose child runs on another node (cluster nodes only). */
  public static final String REMOTE_SUPERVISOR = ROOT + "/" + RemoteCounter.SUPERVISOR;

  /** The name of the remote child that {@code node}'s {@value #REMOTE_SUPERVISOR} supervises. */
  public static String remoteChild(String node) {
    return RemoteCounter.childName(node);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Starts the counters' tree, then the telephony tree. Blocks up to a few seconds. */
  @Override
  public AppInstance start(AppContext ctx) {
    PrefixTemplate.Spec counters = CounterTemplate.spec(ctx.dataDir(),
        ctx.config(CounterTemplate.DURABILITY_SETTING).orElse(null));
    Supervisor root = ctx.startRoot(ROOT, SupervisorSpec.oneForOne(counters.supervisorSpec()));
    ctx.remote().ifPresent(remote ->
        RemoteCounter.startWhenReady(root, remote, ctx.node(), ctx.loops()));
    TelephonyExchange telephony;
    try {
      // lines signal each other through the node's router: a line may call one served anywhere
      telephony = TelephonyExchange.start(ctx.loops(), ctx.dataDir(), Line.Config.DEFAULT,
          ctx.rootSettings(), ctx.router().orElse(null));
    } catch (RuntimeException e) {
      root.stop();
      throw e;
    }
    return AppInstance.builder(NAME)
        .root(root)
        .root(telephony.supervisor())
        .template(counters.template(root, ctx.loops()))
        .template(new LineTemplate(telephony))
        .onStop(telephony::close) // the events manager, after the lines stopped
        .build();
  }
}
