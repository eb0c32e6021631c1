package io.switchboard.node.cli;

import io.switchboard.proto.v1.Member;
import io.switchboard.proto.v1.MembersReply;
import io.switchboard.proto.v1.MembersRequest;
import io.switchboard.proto.v1.SwitchboardGrpc.SwitchboardBlockingStub;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code switchboard members --target host:port}: one member name a line, in view order. */
@Command(name = "members",
    description = "Prints the members of the target's current view, one name a line.")
final class MembersCommand extends ClientCommand {
  @Override
  String run(SwitchboardBlockingStub stub) {
    MembersReply reply = stub.members(MembersRequest.getDefaultInstance());
    return reply.getMembersList().stream().map(Member::getName)
        .collect(Collectors.joining(System.lineSeparator()));
  }
}
