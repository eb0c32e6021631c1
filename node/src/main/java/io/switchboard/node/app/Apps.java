package io.switchboard.node.app;

import io.switchboard.supervisor.app.AppContext;
import io.switchboard.supervisor.app.AppInstance;
import io.switchboard.supervisor.app.AppProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applications a node can run: every {@link AppProvider} that {@link ServiceLoader} finds on
 * the node's classpath (the image's {@code /app/lib}) and in the jars of {@code --app-path}.
 */
public final class Apps {
  private static final Logger log = LoggerFactory.getLogger(Apps.class);
  private static final String SERVICE_FILE =
      "META-INF/services/" + AppProvider.class.getName();
  private static final Pattern APP_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** A provider and where it came from (a jar or class directory). */
  public record Found(AppProvider provider, String source) {}

  /** Why the providers cannot be loaded: a bad jar, a failing provider, a duplicate name. */
  public static final class LoadException extends Exception {
    LoadException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  private final Map<String, Found> found;

  private Apps(Map<String, Found> found) {
    this.found = found;
  }

  /**
   * Finds the providers on the classpath and in the {@code *.jar} files directly in
   * {@code appPath} (none when {@code null}).
   *
   * @throws LoadException naming the jar and provider class that failed and why, or both sources
   *     of a duplicate application name
   */
  public static Apps discover(@Nullable Path appPath) throws LoadException {
    ClassLoader loader = loader(appPath);
    Map<String, String> sources = declaredIn(loader);
    Map<String, Found> found = new TreeMap<>();
    try {
      for (AppProvider p : ServiceLoader.load(AppProvider.class, loader)) {
        String source = sources.getOrDefault(p.getClass().getName(), "?");
        String name = p.name();
        if (name == null || !APP_NAME.matcher(name).matches()) {
          throw new LoadException("application provider " + p.getClass().getName() + " in "
              + source + " has an invalid name '" + name + "' (1..63 of a-z, 0-9, '-')", null);
        }
        Found before = found.putIfAbsent(name, new Found(p, source));
        if (before != null) {
          throw new LoadException("two providers of application '" + name + "': "
              + before.provider().getClass().getName() + " in " + before.source() + " and "
              + p.getClass().getName() + " in " + source, null);
        }
      }
    } catch (ServiceConfigurationError e) {
      String where = sources.entrySet().stream()
          .filter(s -> String.valueOf(e.getMessage()).contains(s.getKey()))
          .map(s -> s.getKey() + " in " + s.getValue()).findFirst().orElse("a provider");
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new LoadException("cannot load application provider " + where + ": " + cause, e);
    }
    return new Apps(found);
  }

  /** The application names found, sorted. */
  public List<String> names() {
    return List.copyOf(found.keySet());
  }

  /** The provider of {@code name} and its source, if found. */
  public @Nullable Found find(String name) {
    return found.get(name);
  }

  /**
   * Starts the applications {@code names} in order (each blocks while its trees start). When one
   * fails, those already started are stopped, the last first, and the failure is thrown.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   * @throws AppStartException when a provider's start throws
   */
  public List<AppInstance> start(List<String> names, AppContext ctx) throws AppStartException {
    for (String n : names) {
      if (!found.containsKey(n)) {
        throw new IllegalArgumentException("unknown --app '" + n + "'; known: " + names());
      }
    }
    List<AppInstance> started = new ArrayList<>();
    for (String n : names) {
      Found f = found.get(n);
      try {
        AppInstance a = f.provider().start(ctx);
        if (!n.equals(a.name())) {
          a.stop(java.time.Duration.ofSeconds(5));
          throw new IllegalStateException("provider " + f.provider().getClass().getName()
              + " of '" + n + "' started an application named '" + a.name() + "'");
        }
        started.add(a);
        log.info("event=app_started app={} source={} supervisors={}", n, f.source(),
            a.supervisors());
      } catch (Exception | LinkageError e) {
        for (int i = started.size() - 1; i >= 0; i--) {
          started.get(i).stop(java.time.Duration.ofSeconds(5));
        }
        throw new AppStartException("application " + n + " (" + f.provider().getClass().getName()
            + " in " + f.source() + ") failed to start: " + e, e);
      }
    }
    return List.copyOf(started);
  }

  /**
   * Two applications cannot run side by side: templates of one kind, or overlapping name
   * prefixes. A usage error: the node exits 2.
   */
  public static final class ConflictException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ConflictException(String message) {
      super(message);
    }
  }

  /** A provider's start failed; what it started is stopped. */
  public static final class AppStartException extends Exception {
    AppStartException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static ClassLoader loader(@Nullable Path appPath) throws LoadException {
    ClassLoader parent = Apps.class.getClassLoader();
    if (appPath == null) {
      return parent;
    }
    if (!Files.isDirectory(appPath)) {
      throw new LoadException("--app-path " + appPath + " is not a directory", null);
    }
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(appPath)) {
      for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted()
          .toList()) {
        jars.add(p.toUri().toURL());
      }
    } catch (IOException e) {
      throw new LoadException("cannot list --app-path " + appPath + ": " + e, e);
    }
    return new URLClassLoader("switchboard-apps", jars.toArray(URL[]::new), parent);
  }

  /** Provider class name → the jar or directory whose service file lists it. */
  private static Map<String, String> declaredIn(ClassLoader loader) throws LoadException {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      Enumeration<URL> files = loader.getResources(SERVICE_FILE);
      while (files.hasMoreElements()) {
        URL file = files.nextElement();
        String source = source(file);
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            String cls = line.replaceFirst("#.*", "").trim();
            if (!cls.isEmpty()) {
              out.putIfAbsent(cls, source);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new LoadException("cannot read " + SERVICE_FILE + ": " + e, e);
    }
    return out;
  }

  private static String source(URL serviceFile) {
    String s = serviceFile.toString();
    int bang = s.indexOf("!/");
    if (s.startsWith("jar:") && bang > 0) {
      s = s.substring(4, bang);
    } else if (s.endsWith(SERVICE_FILE)) {
      s = s.substring(0, s.length() - SERVICE_FILE.length());
    }
    try {
      return Path.of(new URL(s).toURI()).toString();
    } catch (MalformedURLException | java.net.URISyntaxException | IllegalArgumentException e) {
      return s;
    }
  }
}
