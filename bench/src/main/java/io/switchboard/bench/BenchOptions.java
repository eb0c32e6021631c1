package io.switchboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of {@link BenchMain}:
 *
 * <pre>
 *   [--quick] [--only name,name…] [--out DIR] [--report FILE] [--node-jar FILE]
 * </pre>
 *
 * Defaults, found from {@code base} (the working directory) upwards to the repository root (the
 * directory holding {@code bench/pom.xml}): {@code --out <root>/bench/results}, {@code --report
 * <root>/BENCHMARKS.md}, {@code --node-jar <root>/node/target/switchboard.jar}. With {@code --out}
 * and no {@code --report}, the report goes into the out directory (so a trial run never
 * overwrites the repository's report). Outside a repository the out directory defaults to
 * {@code ./bench-results}.
 *
 * @param quick the smallest settings (about a minute in all): checks the harness, not the numbers
 * @param only the suites to run (empty: all)
 * @param out where the JSON results and PNG plots go
 * @param report the Markdown report to regenerate
 * @param nodeJar the runnable node jar for the cross-node and failover suites
 */
public record BenchOptions(boolean quick, Set<String> only, Path out, Path report, Path nodeJar) {

  public static final String USAGE =
      "usage: bench [--quick] [--only name,name...] [--out DIR] [--report FILE] [--node-jar FILE]";

  public BenchOptions {
    only = Set.copyOf(only);
  }

  /** Parses {@code args}; throws {@link IllegalArgumentException} with the usage on bad input. */
  public static BenchOptions parse(List<String> args, Path base, Set<String> suiteNames) {
    boolean quick = false;
    Set<String> only = new LinkedHashSet<>();
    Path out = null;
    Path report = null;
    Path nodeJar = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--quick" -> quick = true;
        case "--only" -> only.addAll(names(value(args, ++i, a), suiteNames));
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--report" -> report = Path.of(value(args, ++i, a));
        case "--node-jar" -> nodeJar = Path.of(value(args, ++i, a));
        default -> throw new IllegalArgumentException("unknown argument '" + a + "'\n" + USAGE);
      }
    }
    Optional<Path> root = repositoryRoot(base);
    if (out == null) {
      out = root.map(r -> r.resolve("bench/results")).orElse(base.resolve("bench-results"));
      if (report == null) {
        report = root.map(r -> r.resolve("BENCHMARKS.md")).orElse(out.resolve("BENCHMARKS.md"));
      }
    } else if (report == null) {
      report = out.resolve("BENCHMARKS.md");
    }
    if (nodeJar == null) {
      nodeJar = root.orElse(base).resolve("node/target/switchboard.jar");
    }
    return new BenchOptions(quick, only, out.toAbsolutePath().normalize(),
        report.toAbsolutePath().normalize(), nodeJar.toAbsolutePath().normalize());
  }

  /** True if the suite named {@code name} should run. */
  public boolean selects(String name) {
    return only.isEmpty() || only.contains(name);
  }

  /** {@code base} or its nearest ancestor that holds {@code bench/pom.xml}. */
  static Optional<Path> repositoryRoot(Path base) {
    for (Path p = base.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("bench/pom.xml"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static String value(List<String> args, int i, String flag) {
    if (i >= args.size() || args.get(i).startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
    }
    return args.get(i);
  }

  private static List<String> names(String csv, Set<String> known) {
    List<String> names = new ArrayList<>();
    for (String n : csv.split(",")) {
      String name = n.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown suite '" + name + "'; suites: "
            + String.join(", ", known) + "\n" + USAGE);
      }
      names.add(name);
    }
    return names;
  }
}
