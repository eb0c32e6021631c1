package io.switchboard.node.cli;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.switchboard.cluster.membership.HostPort;
import io.switchboard.proto.v1.SwitchboardGrpc;
import io.switchboard.proto.v1.SwitchboardGrpc.SwitchboardBlockingStub;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The shape of every client command: one channel to {@code --target}, one RPC with the
 * {@code --timeout} deadline, the result on stdout and exit 0, or {@code <STATUS>: <message>}
 * on stderr and exit {@value #FAILED}.
 */
abstract class ClientCommand implements Callable<Integer> {
  /** The exit code of a command whose RPC failed. */
  static final int FAILED = 1;
  /** Replies are small; a generous bound still refuses a runaway one. */
  private static final int MAX_REPLY_BYTES = 64 * 1024 * 1024;

  @Spec CommandSpec spec;
  @Mixin HelpOption help;

  @Option(names = "--target", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:50051",
      converter = Converters.Target.class,
      description = "The node's gRPC endpoint (default: ${DEFAULT-VALUE}).")
  HostPort target;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
      converter = Converters.Time.class,
      description = "Deadline of the call, e.g. 500ms or 5s (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** Runs the RPC and returns the text for stdout (no trailing newline). */
  abstract String run(SwitchboardBlockingStub stub);

  @Override
  public final Integer call() throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forAddress(target.host(), target.port())
        .usePlaintext()
        .maxInboundMessageSize(MAX_REPLY_BYTES)
        .build();
    try {
      SwitchboardBlockingStub stub = SwitchboardGrpc.newBlockingStub(channel)
          .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
      String out = run(stub);
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println(out);
      stdout.flush();
      return 0;
    } catch (StatusRuntimeException e) {
      PrintWriter stderr = spec.commandLine().getErr();
      stderr.println(describe(e));
      stderr.flush();
      return FAILED;
    } finally {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }

  /** {@code CODE: description (cause)}. */
  static String describe(StatusRuntimeException e) {
    io.grpc.Status s = e.getStatus();
    StringBuilder b = new StringBuilder(s.getCode().name()).append(": ");
    b.append(s.getDescription() != null ? s.getDescription() : "(no description)");
    if (s.getCause() != null && s.getCause().getMessage() != null) {
      b.append(" (").append(s.getCause().getMessage()).append(')');
    }
    return b.toString();
  }
}
