package io.switchboard.bench.remote;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.switchboard.proto.v1.CallReply;
import io.switchboard.proto.v1.CallRequest;
import java.util.concurrent.TimeUnit;

/**
 * The raw gRPC baseline: a unary {@code bench.Echo/Call} with the node's own message types
 * ({@code CallRequest} → {@code CallReply}, protobuf marshalling), answered either at once (echo)
 * or by relaying the request to another echo server first (one forwarding hop in plain
 * grpc-java, the baseline for the node's forwarding).
 */
final class EchoService {
  static final MethodDescriptor<CallRequest, CallReply> CALL =
      MethodDescriptor.<CallRequest, CallReply>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Echo", "Call"))
          .setRequestMarshaller(ProtoUtils.marshaller(CallRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(CallReply.getDefaultInstance()))
          .build();

  private EchoService() {}

  /** Answers every call with its own payload. */
  static ServerServiceDefinition echo() {
    return ServerServiceDefinition.builder("bench.Echo")
        .addMethod(CALL, ServerCalls.asyncUnaryCall(EchoService::answer))
        .build();
  }

  /**
   * Relays every call to {@code next} (asynchronously, with what remains of the caller's
   * deadline, at most 5 s) and answers with its reply.
   */
  static ServerServiceDefinition relay(Channel next) {
    return ServerServiceDefinition.builder("bench.Echo")
        .addMethod(CALL, ServerCalls.asyncUnaryCall((req, out) -> ClientCalls.asyncUnaryCall(
            next.newCall(CALL, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS)), req,
            new StreamObserver<CallReply>() {
              @Override
              public void onNext(CallReply reply) {
                out.onNext(reply);
              }

              @Override
              public void onError(Throwable t) {
                out.onError(t);
              }

              @Override
              public void onCompleted() {
                out.onCompleted();
              }
            })))
        .build();
  }

  private static void answer(CallRequest req, StreamObserver<CallReply> out) {
    out.onNext(CallReply.newBuilder().setPayload(req.getPayload()).build());
    out.onCompleted();
  }
}
