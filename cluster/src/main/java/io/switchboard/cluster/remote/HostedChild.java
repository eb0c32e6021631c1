package io.switchboard.cluster.remote;

/**
 * One child this node hosts for a remote supervisor: its name on this node, the link it belongs
 * to, the incarnation ({@code startId}) its supervisor knows it by and the template it was built
 * from. Immutable; identity matters (the {@link Hosting} map holds the current incarnation per
 * name).
 */
final class HostedChild {
  final String name;
  final HostedLink link;
  final long startId;
  final String supervisor;
  final String template;

  HostedChild(String name, HostedLink link, long startId, String supervisor, String template) {
    this.name = name;
    this.link = link;
    this.startId = startId;
    this.supervisor = supervisor;
    this.template = template;
  }
}
