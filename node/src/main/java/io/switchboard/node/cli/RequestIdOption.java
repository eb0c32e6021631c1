package io.switchboard.node.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --request-id TEXT} of {@code call} and {@code cast}: the UTF-8 bytes of TEXT become the
 * request's {@code request_id} (1..64 bytes, else a usage error). Run the same command again with
 * the same id and a node that already applied it to a replicated name answers with the recorded
 * reply instead of stepping the input again: a script's safe retry. Without it the client makes a
 * fresh id per run. Never read from the environment ({@link EnvDefaults#NOT_FROM_ENVIRONMENT}): an
 * exported id would make every later run a retry of the first.
 */
final class RequestIdOption {
  @Option(names = "--request-id", paramLabel = "TEXT", converter = Converters.RequestId.class,
      description = "Request id (UTF-8, 1..64 bytes); reuse it to retry this same input safely.")
  @Nullable Id requestId;

  /** The id's bytes, or {@code null} without the flag. */
  byte @Nullable [] bytes() {
    Id id = requestId;
    return id == null ? null : id.bytes();
  }

  /** A checked id (a record, not a bare {@code byte[]}, which picocli takes for a list). */
  record Id(byte[] bytes) {}
}
