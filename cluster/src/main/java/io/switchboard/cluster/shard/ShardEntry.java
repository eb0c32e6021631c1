package io.switchboard.cluster.shard;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a shard's Raft log: what a leader committed for one name. The leader steps the
 * server itself and logs the <em>result</em> (the state as bytes from the template's {@code
 * StateCodec}, and the reply), not the input: steps need not be deterministic, and a step that
 * throws never reaches the log. Encoded by {@link ShardCodec}. Immutable.
 */
public sealed interface ShardEntry {

  /** Bound on a name's UTF-8 length, checked when an entry is made and when one is decoded. */
  int MAX_NAME_BYTES = 1024;

  /** Bound on a kind's UTF-8 length. */
  int MAX_KIND_BYTES = 256;

  /** The cluster-scoped name this entry changes. */
  String name();

  /**
   * The name's new state. With a request id the reply is recorded in the name's window, so that a
   * retry of the same id is answered with it instead of being stepped again.
   *
   * @param kind the template the name runs (which codec reads {@code state})
   * @param requestId the caller's id, if it gave one
   * @param state the state after the step, as the template's codec encodes it
   * @param reply the reply to the caller (empty for a cast)
   */
  record Put(
      String name, String kind, Optional<RequestId> requestId, ByteString state, ByteString reply)
      implements ShardEntry {

    /** Validates every part: non-blank name and kind within their bounds, no nulls. */
    public Put {
      checkName(name);
      checkText("kind", kind, MAX_KIND_BYTES);
      Objects.requireNonNull(requestId, "requestId (use Optional.empty())");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(reply, "reply");
    }
  }

  /** The name's server is gone (it exited and will not restart): forget its state and window. */
  record Remove(String name) implements ShardEntry {

    /** Validates the name. */
    public Remove {
      checkName(name);
    }
  }

  private static void checkName(String name) {
    checkText("name", name, MAX_NAME_BYTES);
  }

  private static void checkText(String what, String text, int maxBytes) {
    Objects.requireNonNull(text, what);
    if (text.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    int n = text.getBytes(StandardCharsets.UTF_8).length;
    if (n > maxBytes) {
      throw new IllegalArgumentException(
          what + " has " + n + " UTF-8 bytes, more than " + maxBytes + ": " + text);
    }
  }
}
