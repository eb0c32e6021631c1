package io.switchboard.node.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * How kustomize loads a kustomization directory, without kustomize: the files and bases its
 * {@code resources:} list, under the two rules of kustomize's file loader that a layout can break.
 *
 * <ul>
 *   <li>A base must not be, nor contain, the directory of a kustomization that (transitively)
 *       refers to it: {@code cycle detected: candidate root BASE contains visited root OVERLAY},
 *       which is what an overlay inside its base's directory runs into.
 *   <li>A file (a resource or a patch) must lie inside the directory of the kustomization that
 *       names it ({@code --load-restrictor LoadRestrictionsRootOnly}, the default).
 * </ul>
 *
 * <p>It also rejects what kustomize would: a missing file or base, a directory without a
 * kustomization, and two resources of the same kind and name. It only reads the fields the
 * kustomizations of {@code k8s/} use and refuses any other, so a new way of referring to a file
 * (components, configMapGenerator, ...) cannot slip past it unchecked.
 */
final class Kustomizations {

  /** The fields read or knowingly ignored (they refer to no file). */
  private static final Set<String> FIELDS = Set.of(
      "apiVersion", "kind", "namespace", "resources", "patches", "images", "replacements");

  /** A resource kustomize accumulates: its kind and name, and the file it came from. */
  record Resource(String kind, String name, Path file) {}

  private Kustomizations() {}

  /**
   * The resources of the kustomization in {@code dir}, in kustomize's order.
   *
   * @throws IllegalArgumentException naming the kustomization and the rule when kustomize would refuse it
   */
  static List<Resource> resources(Path dir) {
    List<Resource> resources = new ArrayList<>();
    accumulate(realDirectory(dir), new ArrayDeque<>(), resources);
    Set<String> ids = new HashSet<>();
    for (Resource resource : resources) {
      if (!ids.add(resource.kind() + "/" + resource.name())) {
        throw new IllegalArgumentException(dir + ": " + resource.kind() + " " + resource.name()
            + " twice (again in " + resource.file() + ")");
      }
    }
    return resources;
  }

  /** Every directory under {@code top} (itself included) that holds a kustomization. */
  static List<Path> under(Path top) {
    try (var paths = Files.walk(top)) {
      return paths.filter(Files::isDirectory).filter(dir -> kustomizationFile(dir) != null).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot walk " + top, e);
    }
  }

  /** The {@code resources:} entries of {@code dir}'s kustomization, as written. */
  static List<String> entries(Path dir) {
    List<String> entries = new ArrayList<>();
    kustomization(dir).path("resources").forEach(entry -> entries.add(entry.asString()));
    return entries;
  }

  private static void accumulate(Path root, Deque<Path> visited, List<Resource> out) {
    visited.push(root);
    JsonNode kustomization = kustomization(root);
    for (String field : kustomization.propertyNames()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(kustomizationFile(root) + ": field '" + field
            + "' is not one this check understands; teach " + Kustomizations.class.getSimpleName() + " about it");
      }
    }
    for (JsonNode entry : kustomization.path("resources")) {
      Path target = root.resolve(entry.asString()).normalize();
      if (Files.isRegularFile(target)) {
        Path file = insideRoot(root, target, "resource");
        for (JsonNode document : documents(file)) {
          out.add(new Resource(document.path("kind").asString(""),
              document.path("metadata").path("name").asString(""), file));
        }
      } else if (Files.isDirectory(target)) {
        Path base = realDirectory(target);
        if (kustomizationFile(base) == null) {
          throw new IllegalArgumentException(kustomizationFile(root) + ": resource '" + entry.asString()
              + "' is a directory without a kustomization.yaml");
        }
        for (Path referrer : visited) {
          if (referrer.startsWith(base)) {
            throw new IllegalArgumentException(kustomizationFile(root) + ": cycle detected: base '"
                + entry.asString() + "' (" + base + ") contains the kustomization " + referrer
                + " that refers to it; kustomize refuses an overlay inside its base: put the base in a"
                + " directory of its own beside the overlay");
          }
        }
        accumulate(base, visited, out);
      } else {
        throw new IllegalArgumentException(kustomizationFile(root) + ": resource '" + entry.asString()
            + "' does not exist (" + target + ")");
      }
    }
    for (JsonNode patch : kustomization.path("patches")) {
      if (patch.has("path")) {
        Path target = root.resolve(patch.path("path").asString()).normalize();
        if (!Files.isRegularFile(target)) {
          throw new IllegalArgumentException(kustomizationFile(root) + ": patch '" + patch.path("path").asString()
              + "' does not exist (" + target + ")");
        }
        insideRoot(root, target, "patch");
      }
    }
    visited.pop();
  }

  private static Path insideRoot(Path root, Path file, String what) {
    Path real = realPath(file);
    if (!real.startsWith(root)) {
      throw new IllegalArgumentException(kustomizationFile(root) + ": " + what + " file " + file
          + " is outside the kustomization's directory " + root
          + " (kustomize's load restrictor refuses it: refer to the directory of its kustomization instead)");
    }
    return real;
  }

  private static List<JsonNode> documents(Path file) {
    List<JsonNode> documents = new ArrayList<>();
    for (JsonNode document : StrictYaml.YAML.readerFor(JsonNode.class)
        .<JsonNode>readValues(RepositoryFiles.read(file)).readAll()) {
      if (document != null && !document.isNull() && !document.isMissingNode()) {
        documents.add(document);
      }
    }
    return documents;
  }

  private static JsonNode kustomization(Path dir) {
    Path file = kustomizationFile(dir);
    if (file == null) {
      throw new IllegalArgumentException("no kustomization.yaml in " + dir);
    }
    return StrictYaml.yamlTree(file);
  }

  /** The kustomization file of {@code dir} under one of the names kustomize accepts, or null. */
  private static Path kustomizationFile(Path dir) {
    for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
      if (Files.isRegularFile(dir.resolve(name))) {
        return dir.resolve(name);
      }
    }
    return null;
  }

  private static Path realDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("not a directory: " + dir);
    }
    return realPath(dir);
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + path, e);
    }
  }
}
