package io.switchboard.bench.support;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Results as pretty-printed JSON (records map to objects field by field). Thread-safe. */
public final class Json {
  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private Json() {}

  /** Writes {@code value} to {@code file} (replacing it), creating parent directories. */
  public static void write(Path file, Object value) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, GSON.toJson(value) + "\n", StandardCharsets.UTF_8);
  }

  /** Reads a {@code type} from {@code file}. */
  public static <T> T read(Path file, Class<T> type) throws IOException {
    return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), type);
  }
}
