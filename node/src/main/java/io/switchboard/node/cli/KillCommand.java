package io.switchboard.node.cli;

import io.switchboard.client.Exit;
import io.switchboard.client.SwitchboardClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard kill --target host:port NAME [--reason R]}: OTP's {@code exit(Pid, Reason)}
 * from outside; prints the node the server ran on and the exit reason.
 */
@Command(name = "kill", description = "Sends NAME an exit signal (OTP exit(Pid, Reason)): its "
    + "supervisor sees the exit and applies its strategy. Prints: NODE REASON.")
final class KillCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Server name, e.g. counter-7.")
  String name;

  @Option(names = "--reason", paramLabel = "R", defaultValue = "kill",
      description = "kill (brutal, no terminate), normal, shutdown, or any word: an abnormal "
          + "exit with that reason (default: ${DEFAULT-VALUE}).")
  String reason;

  @Override
  String run(SwitchboardClient client) {
    Exit exit = client.kill(name, reason);
    return exit.node() + " " + exit.reason();
  }
}
