package io.switchboard.bench.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The raw durability baseline: append 64 bytes to a file and {@code force(false)} it (an
 * {@code fdatasync}), on the file system the node's Raft log lives on. Not thread-safe.
 */
final class FsyncProbe implements AutoCloseable {
  private static final int RECORD = 64;
  private final Path file;
  private final FileChannel channel;
  private final ByteBuffer record = ByteBuffer.allocateDirect(RECORD);

  /** Creates {@code dir/bench-fsync.bin} (replacing one left over). */
  FsyncProbe(Path dir) throws IOException {
    this.file = dir.resolve("bench-fsync.bin");
    Files.deleteIfExists(file);
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** One 64-byte append, then {@code force(false)}; blocks until the disk has it. */
  void appendAndSync() {
    record.clear();
    while (record.hasRemaining()) {
      record.put((byte) 'x');
    }
    record.flip();
    try {
      while (record.hasRemaining()) {
        channel.write(record);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes and deletes the file. */
  @Override
  public void close() throws IOException {
    channel.close();
    Files.deleteIfExists(file);
  }
}
