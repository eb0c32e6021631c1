package io.switchboard.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The stateless UTF-8 codec behind {@link ClientCodec#utf8()}. */
enum Utf8Codec implements ClientCodec<String, String> {
  INSTANCE;

  @Override
  public byte[] encode(String input) {
    return Objects.requireNonNull(input, "input").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String decode(byte[] reply) {
    return new String(reply, StandardCharsets.UTF_8);
  }
}
