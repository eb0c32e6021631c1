package io.switchboard.node.deploy;

import java.time.Duration;

/**
 * Cuts one node off the cluster with {@code docker network disconnect} and heals the cut with
 * {@code docker network connect}, while the test can still ask the cut-off node what it does.
 *
 * <h2>Why the address goes onto loopback</h2>
 *
 * The node binds gRPC, HTTP and JGroups to one address, its container's address on the
 * compose network ({@code --host}, see {@code scripts/container/with-container-host}). A
 * disconnect deletes the container's interface on that network, and with it the address: the
 * published ports lead nowhere, and nothing, not even a process inside the container, can
 * reach the node. So right after the disconnect, {@link #cut} puts that same address on the
 * container's loopback interface ({@code nsenter --net … ip address add ADDRESS/32 dev lo},
 * as root on this host): the node's sockets answer again inside its own network namespace,
 * while it still has no route to any other node, so the partition is real. The test then
 * talks to the node from inside its container ({@code docker exec}), through the node's
 * public gRPC API and HTTP endpoints. {@link #close()} takes the address off loopback and
 * connects the container again with its aliases; Docker hands out the lowest free address of
 * the network, which is the one just freed, and {@code close} checks that it did (the node's
 * sockets are bound to it).
 *
 * <p>Not thread-safe; every method blocks until its docker and nsenter commands end.
 */
final class Partition implements AutoCloseable {

  private static final Duration COMMAND = Duration.ofSeconds(30);

  private final String network;
  private final ComposeCluster.Node node;
  private final String address;
  private boolean healed;

  private Partition(String network, ComposeCluster.Node node, String address) {
    this.network = network;
    this.node = node;
    this.address = address;
  }

  /** Disconnects {@code node} from {@code network}; close the result to heal. */
  static Partition cut(String network, ComposeCluster.Node node) {
    String address = Docker.address(node.container(), network);
    if (address.isBlank()) {
      throw new IllegalStateException(node.service() + " is not connected to " + network);
    }
    Docker.disconnect(network, node.container());
    Partition partition = new Partition(network, node, address);
    try {
      partition.inNamespace("ip", "address", "add", address + "/32", "dev", "lo");
    } catch (RuntimeException | Error e) {
      Docker.connect(network, node.container(), node.aliases());
      throw e;
    }
    return partition;
  }

  /** The cut-off node's own address, reachable only from inside its container while cut. */
  String address() {
    return address;
  }

  /**
   * Calls {@code name} on the cut-off node from inside its container, with the node's own CLI
   * ({@code switchboard call}): the reply, or the status line the CLI prints on failure
   * ({@code UNAVAILABLE: no quorum …}).
   */
  String call(String name, String input) {
    Processes.Result result = Docker.exec(node.container(), "java", "-Xmx64m", "-XX:TieredStopAtLevel=1",
        "-jar", "/app/switchboard.jar", "call", "--target", address + ":" + ComposeCluster.GRPC_PORT, name, input);
    return result.ok() ? result.stdout() : lastLine(result.stderr());
  }

  /** The status code of the cut-off node's {@code GET /health/ready}, asked from inside its container. */
  int readiness() {
    // bash's /dev/tcp: the image has no curl (see scripts/container/healthcheck)
    Processes.Result result = Docker.exec(node.container(), "bash", "-c",
        "exec 3<>/dev/tcp/" + address + "/" + ComposeCluster.HTTP_PORT
            + " && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && read -r -t 5 version status rest <&3"
            + " && echo \"$status\"");
    return result.ok() ? Integer.parseInt(result.stdout()) : -1;
  }

  /** Takes the address off loopback and connects the node again; idempotent. */
  @Override
  public void close() {
    if (healed) {
      return;
    }
    healed = true;
    inNamespace("ip", "address", "del", address + "/32", "dev", "lo");
    Docker.connect(network, node.container(), node.aliases());
    String now = Docker.address(node.container(), network);
    if (!now.equals(address)) {
      throw new AssertionError(node.service() + " came back on " + now + " instead of " + address
          + ", the address its sockets are bound to: the network handed the old one to someone else");
    }
  }

  private void inNamespace(String... command) {
    String[] line = new String[command.length + 3];
    line[0] = "nsenter";
    line[1] = "--net=/proc/" + Docker.pid(node.container()) + "/ns/net";
    line[2] = "--";
    System.arraycopy(command, 0, line, 3, command.length);
    Processes.Result result = Processes.run(COMMAND, line);
    if (!result.ok()) {
      throw new AssertionError(String.join(" ", line) + " failed (" + result + "): the partition test needs root,"
          + " nsenter (util-linux) and ip (iproute2) on this host; scripts/docker-up.sh installs them");
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }
}
