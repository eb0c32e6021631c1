package io.switchboard.supervisor.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One small value saved in one file, written atomically: a temporary file in the same directory,
 * {@code fsync}, then a rename over the old file (and an fsync of the directory), so a reader
 * sees the old value or the new one, never half of either — also after a power loss.
 *
 * <p>Files are bounded ({@link #MAX_BYTES}) so a stray huge file cannot exhaust memory.
 */
public final class ValueFile {
  /** The largest file read or written. */
  public static final int MAX_BYTES = 1 << 20;

  private final Path file;

  public ValueFile(Path file) {
    this.file = file.toAbsolutePath();
  }

  public Path path() {
    return file;
  }

  /** The saved bytes, or empty if the file does not exist. Blocks on I/O. */
  public Optional<byte[]> read() throws IOException {
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new IOException(file + " is " + size + " bytes, over the " + MAX_BYTES + " limit");
      }
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Replaces the saved bytes atomically and durably. Blocks on I/O. */
  public void write(byte[] bytes) throws IOException {
    if (bytes.length > MAX_BYTES) {
      throw new IOException("value of " + bytes.length + " bytes is over the " + MAX_BYTES
          + " limit for " + file);
    }
    Path dir = file.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("the file system of " + dir + " cannot rename atomically", e);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // some file systems refuse to open a directory; the rename is still atomic there
    }
  }
}
