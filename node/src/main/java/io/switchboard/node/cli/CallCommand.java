package io.switchboard.node.cli;

import com.google.protobuf.ByteString;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.SwitchboardGrpc.SwitchboardBlockingStub;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code switchboard call --target host:port NAME INPUT}: prints the reply. */
@Command(name = "call", description = "Calls a server and prints its reply (UTF-8 text).")
final class CallCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Server name, e.g. counter-7.")
  String name;

  @Parameters(index = "1", paramLabel = "INPUT", description = "Input text, e.g. increment.")
  String input;

  @Override
  String run(SwitchboardBlockingStub stub) {
    return stub.call(CallRequest.newBuilder()
            .setName(name)
            .setPayload(ByteString.copyFrom(input, StandardCharsets.UTF_8))
            .build())
        .getPayload().toString(StandardCharsets.UTF_8);
  }
}
