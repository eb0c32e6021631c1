package io.switchboard.node.core;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The applications a node runs ({@code --app}, repeatable, started in the order given) and where
 * else their providers are looked for ({@code --app-path}, a directory of jars).
 *
 * @param names one or more application names, no repeats
 * @param path the directory of extra provider jars, or {@code null} for the classpath only
 * @param config the applications' settings file ({@code --app-config}, Java properties; the
 *     {@code SWITCHBOARD_APP_*} variables win over it), or {@code null}
 */
public record AppSelection(List<String> names, @Nullable Path path, @Nullable Path config) {

  /** A selection without a settings file. */
  public AppSelection(List<String> names, @Nullable Path path) {
    this(names, path, null);
  }

  public AppSelection {
    names = List.copyOf(Objects.requireNonNull(names, "--app"));
    if (names.isEmpty()) {
      throw new IllegalArgumentException("--app needs at least one application");
    }
    if (new HashSet<>(names).size() != names.size()) {
      throw new IllegalArgumentException("--app names an application twice: " + names);
    }
  }

  /** {@code name} from the classpath. */
  public static AppSelection of(String name) {
    return new AppSelection(List.of(name), null, null);
  }
}
