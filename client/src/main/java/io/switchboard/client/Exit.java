package io.switchboard.client;

import java.util.Objects;

/**
 * A server's exit after {@link SwitchboardClient#kill}: where it ran and the reason its
 * supervisor saw.
 *
 * @param node the node whose server exited (its {@code --name})
 * @param reason the exit reason in OTP's vocabulary ({@code killed}, {@code normal},
 *     {@code shutdown}, or the abnormal reason given)
 */
public record Exit(String node, String reason) {
  public Exit {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(reason, "reason");
  }
}
