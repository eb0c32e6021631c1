package io.switchboard.client;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The request ids of logical calls ({@code CallRequest.request_id}): made here once per logical
 * call and sent unchanged by every retry of it, so a node that already applied the id to the name
 * answers with the recorded reply instead of stepping the input again.
 *
 * <p>A made id is {@value #GENERATED_BYTES} bytes from one shared {@link SecureRandom}: 128
 * unpredictable bits, so two calls of any number of clients practically never share an id, and no
 * one can guess another caller's id. Thread-safe.
 */
final class RequestIds {
  /** The length of an id this client makes. */
  static final int GENERATED_BYTES = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  private RequestIds() {}

  /** A new id for a new logical call. */
  static ByteString fresh() {
    byte[] id = new byte[GENERATED_BYTES];
    RANDOM.nextBytes(id);
    return ByteString.copyFrom(id);
  }

  /**
   * The caller's own id, copied; it must have 1..{@link SwitchboardClient#MAX_REQUEST_ID_BYTES}
   * bytes.
   *
   * @throws IllegalArgumentException if it is empty or too long, saying the bound and the size
   */
  static ByteString given(byte[] id) {
    Objects.requireNonNull(id, "requestId");
    if (id.length == 0 || id.length > SwitchboardClient.MAX_REQUEST_ID_BYTES) {
      throw new IllegalArgumentException("a request id must have 1.."
          + SwitchboardClient.MAX_REQUEST_ID_BYTES + " bytes, this one has " + id.length
          + " (omit it to let the client make one)");
    }
    return ByteString.copyFrom(id);
  }
}
