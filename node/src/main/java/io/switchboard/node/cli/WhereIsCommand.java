package io.switchboard.node.cli;

import io.switchboard.client.SwitchboardClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code switchboard whereis --target host:port NAME}: prints the owner node's name. */
@Command(name = "whereis", description = "Prints the name of the node that owns NAME.")
final class WhereIsCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Server name, e.g. counter-7.")
  String name;

  @Override
  String run(SwitchboardClient client) {
    return client.whereIs(name).node();
  }
}
