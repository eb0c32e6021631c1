package io.switchboard.supervisor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes crash reports: one structured line per crash, with the stack trace attached. */
public final class CrashLog {
  private static final Logger log = LoggerFactory.getLogger("io.switchboard.crash");

  private CrashLog() {}

  /** Logs {@code report} at error level: key=value summary, last inputs, stack trace. */
  public static void log(CrashReport report) {
    if (log.isErrorEnabled()) {
      log.error(report.summary(), report.cause());
    }
  }
}
