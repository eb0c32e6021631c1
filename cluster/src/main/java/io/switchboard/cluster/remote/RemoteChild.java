package io.switchboard.cluster.remote;

import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Step;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What to start on another node: a template name and its arguments. A {@link ChildSpec}'s start
 * function returns one, and the {@link RemoteHost} the spec runs on sends it in
 * {@code StartChild}; the hosting node builds the real server with its {@link RemoteTemplates}.
 *
 * <pre>{@code
 * RemoteHost host = remote.host("app", RemotePlacement.anyOther());
 * SupervisorSpec.oneForOne(
 *     RemoteChild.worker("worker-a", "counter", new byte[0], host),
 *     ChildSpec.supervisor("counters", SupervisorSpec.simpleOneForOne(
 *         RemoteChild.template("counter", "counter", host))));
 * }</pre>
 *
 * <p>It is a descriptor, not a server: started on a local host (a spec without the remote host)
 * its {@code init} fails with a message saying so. Immutable; {@link #args()} returns a copy.
 */
public final class RemoteChild implements GenServer<Object, Object, Object> {
  private final String template;
  private final byte[] args;

  private RemoteChild(String template, byte[] args) {
    if (template == null || template.isBlank()) {
      throw new IllegalArgumentException("a remote child names its template");
    }
    this.template = template;
    this.args = args.clone();
  }

  /** A child built from {@code template} with {@code args} on the hosting node. */
  public static RemoteChild of(String template, byte[] args) {
    return new RemoteChild(template, Objects.requireNonNull(args, "args"));
  }

  /** A permanent worker {@code id} started from {@code template} on {@code host}. */
  public static ChildSpec worker(String id, String template, byte[] args, RemoteHost host) {
    RemoteChild child = of(template, args);
    return ChildSpec.worker(id, () -> child).withHost(host);
  }

  /**
   * A template for {@code simple_one_for_one}: each dynamic child is started from
   * {@code template} on {@code host} with its own name (UTF-8) as the arguments.
   */
  public static ChildSpec template(String id, String template, RemoteHost host) {
    Objects.requireNonNull(template, "template");
    return ChildSpec.template(id, name -> of(template, name.getBytes(StandardCharsets.UTF_8)))
        .withHost(host);
  }

  public String template() {
    return template;
  }

  public byte[] args() {
    return args.clone();
  }

  /** The template name, so trees and crash reports show what runs remotely. */
  @Override
  public String kind() {
    return template;
  }

  @Override
  public Object init() {
    throw new IllegalStateException("'" + template + "' is a remote child: give its ChildSpec a "
        + "RemoteHost (ChildSpec.withHost) so it starts on another node");
  }

  @Override
  public Step<Object, Object> step(Object input, Object state) {
    throw new IllegalStateException("a remote child never steps locally");
  }

  @Override
  public String toString() {
    return "RemoteChild[" + template + ", " + args.length + " bytes]";
  }
}
