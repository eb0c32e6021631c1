package io.switchboard.node.cli;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.SwitchboardException;
import io.switchboard.cluster.membership.HostPort;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The shape of every client command: a {@link SwitchboardClient} of {@code --target}, one RPC
 * with the {@code --timeout} deadline, the result on stdout and exit 0, or
 * {@code <STATUS>: <message>} on stderr and exit {@value #FAILED}.
 *
 * <p>One attempt only: a command is one shot, and a script that wants retries branches on the
 * exit code. To retry a {@code call} or {@code cast} without stepping it twice, it passes the same
 * {@code --request-id} each time ({@link RequestIdOption}; replicated names only).
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

  /** Runs the RPC (the client's default timeout is {@code --timeout}); returns stdout's text. */
  abstract String run(SwitchboardClient client);

  @Override
  public final Integer call() {
    try (SwitchboardClient client = SwitchboardClient.builder()
        .targets(target.toString())
        .defaultTimeout(timeout)
        .maxAttempts(1)
        .maxReplyBytes(MAX_REPLY_BYTES)
        .build()) {
      String out = run(client);
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println(out);
      stdout.flush();
      return 0;
    } catch (SwitchboardException e) {
      PrintWriter stderr = spec.commandLine().getErr();
      stderr.println(e.getMessage()); // CODE: description (cause)
      stderr.flush();
      return FAILED;
    }
  }
}
