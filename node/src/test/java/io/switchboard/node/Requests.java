package io.switchboard.node;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.CastRequest;
import io.switchboard.proto.v1.SwitchboardGrpc.SwitchboardBlockingStub;
import java.nio.charset.StandardCharsets;

/** Small helpers for tests that talk to a node. */
public final class Requests {
  private Requests() {}

  public static CallRequest call(String name, String input) {
    return CallRequest.newBuilder().setName(name)
        .setPayload(ByteString.copyFrom(input, StandardCharsets.UTF_8)).build();
  }

  public static CastRequest cast(String name, String input) {
    return CastRequest.newBuilder().setName(name)
        .setPayload(ByteString.copyFrom(input, StandardCharsets.UTF_8)).build();
  }

  /** Calls and returns the reply as text. */
  public static String text(SwitchboardBlockingStub stub, String name, String input) {
    return stub.call(call(name, input)).getPayload().toString(StandardCharsets.UTF_8);
  }

  /** The status code a call fails with, or OK. */
  public static Status.Code code(Runnable rpc) {
    try {
      rpc.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }
}
