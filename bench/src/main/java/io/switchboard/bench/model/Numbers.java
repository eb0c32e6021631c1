package io.switchboard.bench.model;

import java.util.Locale;

/** Number formatting for the report: about three significant digits, no exponent. */
public final class Numbers {
  private Numbers() {}

  /** {@code 1234.5 → "1235"}, {@code 2.345 → "2.35"}, {@code 0.01234 → "0.0123"}. */
  public static String format(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a == 0) {
      return "0";
    }
    String s;
    if (a >= 100) {
      s = String.format(Locale.ROOT, "%.0f", v);
    } else if (a >= 10) {
      s = String.format(Locale.ROOT, "%.1f", v);
    } else if (a >= 1) {
      s = String.format(Locale.ROOT, "%.2f", v);
    } else {
      int decimals = Math.min(6, 2 - (int) Math.floor(Math.log10(a)));
      s = String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
