package io.switchboard.node.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL to list the metrics an expression selects, for checking
 * dashboards against the metrics the node exports. It is a scanner, not a
 * parser: the monitoring IT runs every expression on a real Prometheus.
 *
 * <p>What it removes before looking for names: Grafana variables
 * ({@code $__rate_interval}), string literals, label matchers
 * ({@code {area="heap"}}), range and subquery brackets, and the label lists of
 * {@code by}, {@code without}, {@code on}, {@code ignoring},
 * {@code group_left} and {@code group_right}. What remains is a name when it
 * is not a number, a keyword, or followed by {@code (} (a function or an
 * aggregation).
 */
final class PromQl {

  private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern BRACKETS = Pattern.compile("\\[[^]]*]");
  private static final Pattern LABEL_LIST =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern TOKEN =
      Pattern.compile("(?<number>[0-9.][0-9a-zA-Z_.]*)|(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\\s*\\()?");
  private static final Set<String> KEYWORDS = Set.of(
      "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
      "offset", "atan2", "inf", "nan", "Inf", "NaN");

  private PromQl() {}

  /**
   * The metric names {@code expression} selects, sorted.
   *
   * @throws IllegalArgumentException for selectors by {@code __name__}, which this scanner cannot see
   */
  static Set<String> metricNames(String expression) {
    if (expression.contains("__name__")) {
      throw new IllegalArgumentException("selectors by __name__ are not supported here: " + expression);
    }
    String stripped = GRAFANA_VARIABLE.matcher(expression).replaceAll("1m");
    stripped = STRING.matcher(stripped).replaceAll("\"\"");
    stripped = MATCHERS.matcher(stripped).replaceAll(" ");
    stripped = BRACKETS.matcher(stripped).replaceAll(" ");
    stripped = LABEL_LIST.matcher(stripped).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher token = TOKEN.matcher(stripped);
    while (token.find()) {
      String name = token.group("name");
      if (name != null && token.group("call") == null && !KEYWORDS.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /** True when every (, [ and { is closed in order, outside string literals. */
  static boolean balanced(String expression) {
    String code = STRING.matcher(expression).replaceAll("\"\"");
    StringBuilder open = new StringBuilder();
    for (char c : code.toCharArray()) {
      switch (c) {
        case '(', '[', '{' -> open.append(c);
        case ')', ']', '}' -> {
          char expected = c == ')' ? '(' : c == ']' ? '[' : '{';
          if (open.isEmpty() || open.charAt(open.length() - 1) != expected) {
            return false;
          }
          open.setLength(open.length() - 1);
        }
        default -> { }
      }
    }
    return open.isEmpty();
  }
}
