package io.switchboard.node.cli;

import com.google.protobuf.ByteString;
import io.switchboard.proto.v1.CastRequest;
import io.switchboard.proto.v1.SwitchboardGrpc.SwitchboardBlockingStub;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code switchboard cast --target host:port NAME INPUT}: queues the input, prints "ok". */
@Command(name = "cast",
    description = "Sends an input without waiting for the output; prints ok once queued.")
final class CastCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Server name, e.g. counter-7.")
  String name;

  @Parameters(index = "1", paramLabel = "INPUT", description = "Input text, e.g. increment.")
  String input;

  @Override
  String run(SwitchboardBlockingStub stub) {
    stub.cast(CastRequest.newBuilder()
        .setName(name)
        .setPayload(ByteString.copyFrom(input, StandardCharsets.UTF_8))
        .build());
    return "ok";
  }
}
