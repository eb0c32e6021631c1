package io.switchboard.examples.telephony;

import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.event.GenEventHandler;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log handler of the {@code events} manager: one key=value line per call event, to the log
 * and, given a file, appended to it. Writes are buffered and flushed at the end of each batch
 * ({@code endOfBatch}), so a burst of calls costs one flush. The file is bounded: past
 * {@link #MAX_FILE_BYTES} it is rotated to {@code <file>.1} (one old file kept).
 *
 * <p>Runs on its own handler thread, so slow disks delay only this handler. An I/O error makes
 * the handler throw: the manager removes it and reports the crash (OTP semantics).
 */
public final class CallLog implements GenEventHandler<CallEvent, CallLog.Sink> {
  private static final Logger log = LoggerFactory.getLogger("io.switchboard.calls");

  /** Rotation size of the log file. */
  public static final long MAX_FILE_BYTES = 16L << 20;

  private final @Nullable Path file;

  /** Logs only (no file). */
  public CallLog() {
    this(null);
  }

  /** Logs and appends to {@code file} (created with its directory if missing). */
  public CallLog(@Nullable Path file) {
    this.file = file;
  }

  /** The open file, owned by the handler's thread. */
  public static final class Sink {
    private BufferedWriter out;
    private long bytes;
  }

  /** The text of one event: {@code event=setup call=line-a->line-b#7 caller=line-a ...}. */
  public static String line(CallEvent e) {
    CallRef c = e.call();
    String kind = e.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    String base = "event=" + kind + " call=" + c + " caller=" + c.caller() + " callee=" + c.callee();
    return e instanceof CallEvent.Teardown t ? base + " by=" + t.by() : base;
  }

  @Override
  public Sink init() throws IOException {
    Sink s = new Sink();
    if (file != null) {
      open(s);
    }
    return s;
  }

  @Override
  public Sink handleEvent(CallEvent event, Sink s, boolean endOfBatch) throws IOException {
    String text = line(event);
    log.info(text);
    if (s.out != null) {
      s.out.write(text);
      s.out.newLine();
      s.bytes += text.length() + 1L;
      if (endOfBatch) {
        s.out.flush();
      }
      if (s.bytes >= MAX_FILE_BYTES) {
        rotate(s);
      }
    }
    return s;
  }

  @Override
  public void terminate(ExitReason reason, Sink s) throws IOException {
    if (s != null && s.out != null) {
      s.out.close();
      s.out = null;
    }
  }

  private void open(Sink s) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    s.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    s.bytes = Files.size(file);
  }

  private void rotate(Sink s) throws IOException {
    s.out.close();
    Files.move(file, file.resolveSibling(file.getFileName() + ".1"),
        StandardCopyOption.REPLACE_EXISTING);
    open(s);
  }
}
