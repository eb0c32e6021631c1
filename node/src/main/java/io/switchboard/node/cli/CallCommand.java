package io.switchboard.node.cli;

import io.switchboard.client.ClientCodec;
import io.switchboard.client.SwitchboardClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code switchboard call --target host:port [--request-id TEXT] NAME INPUT}: prints the reply. */
@Command(name = "call", description = "Calls a server and prints its reply (UTF-8 text).")
final class CallCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Server name, e.g. counter-7.")
  String name;

  @Parameters(index = "1", paramLabel = "INPUT", description = "Input text, e.g. increment.")
  String input;

  @Mixin RequestIdOption id;

  @Override
  String run(SwitchboardClient client) {
    byte[] requestId = id.bytes();
    return requestId == null
        ? client.call(name, input, ClientCodec.utf8())
        : client.call(name, input, ClientCodec.utf8(), requestId, timeout);
  }
}
