package io.switchboard.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"c", "counter-7", "line 42", "Zähler-ü", "счётчик", "😀-emoji",
      "a/b:c=d"})
  void problem_printableNames_accepted(String name) {
    assertThat(ServerNames.problem(name)).isEmpty();
    assertThat(ServerNames.check(name)).isSameAs(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nb", "a\rb", "tab\there", "nul\0", "del\u007f", "c1\u0085",
      "bidi\u202Eevil", "zero\u200Bwidth", "line\u2028sep", "para\u2029sep", "bom\uFEFF",
      "lone\uD800surrogate", "unassigned\u0378"})
  void problem_controlFormatOrUnassigned_refusedNamingTheCodePoint(String name) {
    assertThat(ServerNames.problem(name)).hasValueSatisfying(p ->
        assertThat(p).contains("printable").containsPattern("U\\+[0-9A-F]{4} at index \\d+"));
  }

  @Test
  void problem_emptyOrNull_refused() {
    assertThat(ServerNames.problem("")).contains("a server name must not be empty");
    assertThat(ServerNames.problem(null)).contains("a server name must not be empty");
  }

  @Test
  void problem_lengthCountsCodePoints_1024Accepted1025Refused() {
    assertThat(ServerNames.problem("x".repeat(1024))).isEmpty();
    assertThat(ServerNames.problem("😀".repeat(1024))).isEmpty(); // 2048 chars, 1024 code points
    assertThat(ServerNames.problem("x".repeat(1025))).contains(
        "a server name is at most 1024 characters (got 1025)");
    assertThat(ServerNames.problem("x".repeat(100_000))).hasValueSatisfying(p ->
        assertThat(p).contains("at most 1024"));
  }

  @Test
  void check_bad_throwsWithTheProblem() {
    assertThatThrownBy(() -> ServerNames.check("a\nb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+000A at index 1");
  }
}
