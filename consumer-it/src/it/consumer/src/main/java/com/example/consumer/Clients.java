package com.example.consumer;

import io.switchboard.client.SwitchboardClient;
import java.time.Duration;

/** How a user's application makes its client: compiled against switchboard-client only. */
public final class Clients {
  private Clients() {}

  /** A client of {@code targets}; nothing connects until the first call. */
  public static SwitchboardClient of(String... targets) {
    return SwitchboardClient.builder()
        .targets(targets)
        .defaultTimeout(Duration.ofSeconds(2))
        .maxAttempts(1)
        .build();
  }
}
