package io.switchboard.node.cli;

import io.switchboard.client.ClientCodec;
import io.switchboard.client.SwitchboardClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard cast --target host:port [--request-id TEXT] NAME INPUT}: queues the input,
 * prints "ok".
 */
@Command(name = "cast",
    description = "Sends an input without waiting for the output; prints ok once queued.")
final class CastCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Server name, e.g. counter-7.")
  String name;

  @Parameters(index = "1", paramLabel = "INPUT", description = "Input text, e.g. increment.")
  String input;

  @Mixin RequestIdOption id;

  @Override
  String run(SwitchboardClient client) {
    byte[] requestId = id.bytes();
    if (requestId == null) {
      client.cast(name, input, ClientCodec.utf8());
    } else {
      client.cast(name, input, ClientCodec.utf8(), requestId, timeout);
    }
    return "ok";
  }
}
