package io.switchboard.node.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;

/**
 * {@code docker-compose.yml} as a JSON tree, with YAML anchors, aliases and
 * merge keys ({@code <<: *node}) resolved the way docker-compose resolves
 * them. Jackson's YAML reader does not expand aliases, so SnakeYAML Engine
 * loads the file and the YAML 1.1 merge keys are applied here.
 */
final class ComposeFile {

  private static final String MERGE_KEY = "<<";

  private ComposeFile() {}

  static JsonNode load(Path file) {
    Load load = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build());
    Object document = load.loadFromString(RepositoryFiles.read(file));
    return StrictYaml.JSON.valueToTree(resolveMerges(document));
  }

  /**
   * The host ports a service publishes, by container port, from short-syntax entries such as
   * {@code "127.0.0.1:9465:9464"}.
   *
   * @throws IllegalArgumentException for an entry that names no host port
   */
  static Map<Integer, Integer> publishedPorts(JsonNode service) {
    Map<Integer, Integer> ports = new LinkedHashMap<>();
    for (JsonNode entry : service.path("ports")) {
      String[] parts = entry.asString().replace("/tcp", "").split(":");
      if (parts.length < 2) {
        throw new IllegalArgumentException("port entry " + entry + " names no host port");
      }
      ports.put(Integer.parseInt(parts[parts.length - 1]), Integer.parseInt(parts[parts.length - 2]));
    }
    return ports;
  }

  /** Applies merge keys depth-first; keys written next to {@code <<} win over merged ones, as in YAML 1.1. */
  static Object resolveMerges(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> merged = new LinkedHashMap<>();
      Object sources = map.get(MERGE_KEY);
      for (Object source : sources instanceof List<?> list ? list : sources == null ? List.of() : List.of(sources)) {
        if (!(resolveMerges(source) instanceof Map<?, ?> sourceMap)) {
          throw new IllegalArgumentException("a merge key must refer to a mapping, not " + source);
        }
        sourceMap.forEach((key, value) -> merged.put(String.valueOf(key), value));
      }
      map.forEach((key, value) -> {
        if (!MERGE_KEY.equals(key)) {
          merged.put(String.valueOf(key), resolveMerges(value));
        }
      });
      return merged;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(ComposeFile::resolveMerges).toList();
    }
    return node;
  }
}
