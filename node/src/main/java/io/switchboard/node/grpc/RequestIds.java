package io.switchboard.node.grpc;

import com.google.protobuf.ByteString;
import io.switchboard.supervisor.Router;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The edge's reading of {@code CallRequest.request_id} / {@code CastRequest.request_id}: at most
 * {@link Router#MAX_REQUEST_ID_BYTES} bytes (longer is the caller's error, refused before anything
 * is routed); empty means no id. Pure.
 */
final class RequestIds {
  private RequestIds() {}

  /** Why {@code id} is refused (it says the bound and the size), or empty when it is fine. */
  static Optional<String> problem(ByteString id) {
    if (id.size() <= Router.MAX_REQUEST_ID_BYTES) {
      return Optional.empty();
    }
    return Optional.of("request_id is " + id.size() + " bytes; at most "
        + Router.MAX_REQUEST_ID_BYTES + " are allowed");
  }

  /** The id as the router takes it: {@code null} for none (empty), else a copy of its bytes. */
  static byte @Nullable [] toRoute(ByteString id) {
    return id.isEmpty() ? null : id.toByteArray();
  }
}
