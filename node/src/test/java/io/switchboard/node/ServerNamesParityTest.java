package io.switchboard.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The client's copy of the name rule ({@code io.switchboard.client.ServerNames}) and the node's
 * ({@code io.switchboard.supervisor.ServerNames}) judge every name alike, so the client never
 * refuses what a node accepts, nor sends what a node refuses.
 */
class ServerNamesParityTest {

  @Test
  void problem_everyCodePoint_sameVerdictAndMessage() {
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      String name = "n" + new String(Character.toChars(cp));
      assertThat(io.switchboard.client.ServerNames.problem(name))
          .as("U+%04X", cp)
          .isEqualTo(io.switchboard.supervisor.ServerNames.problem(name));
    }
  }

  @Test
  void problem_lengthsAndLoneSurrogates_sameVerdictAndMessage() {
    String[] names = {"", null, "x".repeat(1024), "x".repeat(1025), "😀".repeat(1024),
        "😀".repeat(1025), "x".repeat(2049), "\uD800", "a\uDC00b"};
    for (String name : names) {
      assertThat(io.switchboard.client.ServerNames.problem(name))
          .isEqualTo(io.switchboard.supervisor.ServerNames.problem(name));
    }
    assertThat(io.switchboard.client.ServerNames.MAX_LENGTH)
        .isEqualTo(io.switchboard.supervisor.ServerNames.MAX_LENGTH);
  }
}
