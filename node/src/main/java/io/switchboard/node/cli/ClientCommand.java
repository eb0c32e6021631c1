package io.switchboard.node.cli;

import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.SwitchboardException;
import io.switchboard.client.tls.PemTls;
import io.switchboard.cluster.membership.HostPort;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The shape of every client command: a {@link SwitchboardClient} of {@code --target}, one RPC
 * with the {@code --timeout} deadline, the result on stdout and exit 0, or
 * {@code <STATUS>: <message>} on stderr and exit {@value #FAILED}.
 *
 * <p>Plaintext unless {@code --tls-ca} is given; then TLS, with the client certificate of
 * {@code --tls-cert} and {@code --tls-key} when both are given (for a node with
 * {@code --client-tls require}). TLS flags that do not fit together, or files that cannot be read
 * or do not belong together, are usage errors (exit 2) reported before anything is sent, like any
 * bad flag; a node that refuses the connection is a failed RPC ({@code UNAVAILABLE}, exit
 * {@value #FAILED}). An empty value ({@code SWITCHBOARD_TLS_CA=}) counts as not given, and so do
 * the variables when {@code SWITCHBOARD_CLIENT_TLS=off} and no TLS flag is given (a node's own
 * environment, whose client port is plaintext: see {@code nodeEnvironmentWithPlaintextClientPort}).
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

  @Option(names = "--tls-ca", paramLabel = "FILE",
      description = "Connect with TLS, trusting the CA certificates in this PEM file (the node's "
          + "--tls-ca); without it, plaintext. Also from SWITCHBOARD_TLS_CA.")
  @Nullable Path tlsCa;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "This client's certificate chain (PEM), presented to the node (needed for "
          + "--client-tls require); needs --tls-ca and --tls-key. Also from "
          + "SWITCHBOARD_TLS_CERT.")
  @Nullable Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "The private key of --tls-cert (PEM, unencrypted PKCS#8, as "
          + "scripts/make-certs.sh writes it). Also from SWITCHBOARD_TLS_KEY.")
  @Nullable Path tlsKey;

  /** Runs the RPC (the client's default timeout is {@code --timeout}); returns stdout's text. */
  abstract String run(SwitchboardClient client);

  @Override
  public final Integer call() {
    SwitchboardClient.Builder builder = SwitchboardClient.builder()
        .targets(target.toString())
        .defaultTimeout(timeout)
        .maxAttempts(1)
        .maxReplyBytes(MAX_REPLY_BYTES);
    PemTls tls = tls();
    if (tls != null) {
      builder.tls(tls);
    }
    try (SwitchboardClient client = builder.build()) {
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

  /**
   * The TLS material of the flags, or {@code null} for plaintext (no {@code --tls-ca}).
   *
   * @throws ParameterException (exit 2) for a certificate or key without {@code --tls-ca}, one
   *     of them without the other, or a file that cannot be read or parsed
   */
  private @Nullable PemTls tls() {
    if (nodeEnvironmentWithPlaintextClientPort()) {
      return null;
    }
    Path ca = given(tlsCa);
    Path cert = given(tlsCert);
    Path key = given(tlsKey);
    if (ca == null) {
      if (cert != null || key != null) {
        throw new ParameterException(spec.commandLine(), (cert != null ? "--tls-cert" : "--tls-key")
            + " needs --tls-ca, the CA file that signed the node's certificate (TLS is on only "
            + "with --tls-ca)");
      }
      return null;
    }
    try {
      return PemTls.from(ca, cert, key);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "cannot use the TLS files: "
          + e.getMessage(), e);
    }
  }

  /**
   * True when no TLS flag is on the command line and {@code SWITCHBOARD_CLIENT_TLS=off}: in a
   * node's own environment (a container of the compose file or the StatefulSet) the {@code
   * SWITCHBOARD_TLS_*} variables are the node's peer-plane identity, and that variable says its
   * client port speaks plaintext — so a CLI run there talks plaintext to it. With {@code
   * optional} or {@code require} the node's certificate (it carries clientAuth) is used.
   */
  private boolean nodeEnvironmentWithPlaintextClientPort() {
    var parsed = spec.commandLine().getParseResult();
    boolean flags = parsed != null && (parsed.hasMatchedOption("--tls-ca")
        || parsed.hasMatchedOption("--tls-cert") || parsed.hasMatchedOption("--tls-key"));
    String mode = spec.commandLine().getDefaultValueProvider() instanceof EnvDefaults env
        ? env.get(EnvDefaults.PREFIX + "CLIENT_TLS") : null;
    return !flags && mode != null && mode.trim().equalsIgnoreCase("off");
  }

  /** {@code path}, or {@code null} when absent or empty (an empty variable turns a flag off). */
  private static @Nullable Path given(@Nullable Path path) {
    return path == null || path.toString().isEmpty() ? null : path;
  }
}
