package io.switchboard.node.cli;

import io.switchboard.client.SwitchboardClient;
import picocli.CommandLine.Command;

/** {@code switchboard members --target host:port}: one member name a line, in view order. */
@Command(name = "members",
    description = "Prints the members of the target's current view, one name a line.")
final class MembersCommand extends ClientCommand {
  @Override
  String run(SwitchboardClient client) {
    return String.join(System.lineSeparator(), client.members().names());
  }
}
