package io.switchboard.supervisor.app;

/**
 * A plugin that gives a Switchboard node an application ({@code --app NAME}), found with Java's
 * {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/io.switchboard.supervisor.app.AppProvider} of your jar, put the jar on
 * the node's classpath (the image's {@code /app/lib}) or in {@code --app-path DIR}, and start the
 * node with {@code --app} and this provider's {@link #name()}.
 *
 * <pre>{@code
 * public final class BankProvider implements AppProvider {
 *   public String name() { return "bank"; }
 *   public AppInstance start(AppContext ctx) {
 *     Supervisor root = ctx.startRoot("bank", SupervisorSpec.oneForOne(accountsSpec));
 *     return AppInstance.builder(name()).root(root).template(new AccountTemplate(root)).build();
 *   }
 * }
 * }</pre>
 *
 * <p>OTP's counterpart is an application callback module ({@code start/2} returns the top
 * supervisor). Every application a node runs is {@code permanent}: when one of its root
 * supervisors gives up, the node leaves the cluster and exits non-zero, as an Erlang node does
 * when a permanent application terminates. Implementations need a public no-argument constructor
 * and must be thread-safe.
 */
public interface AppProvider {

  /**
   * The application's name, the value of {@code --app}: 1..63 lower-case letters, digits and
   * {@code -}, unique among the providers a node can see.
   */
  String name();

  /**
   * Builds and starts the application's supervision trees. Runs once per node start, before the
   * node joins its cluster; blocks while the trees start.
   *
   * @throws Exception when the application cannot start: the node stops what it started and
   *     exits non-zero, naming this provider and the failure
   */
  AppInstance start(AppContext ctx) throws Exception;
}
