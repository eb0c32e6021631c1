package io.switchboard.node.deploy;

import java.nio.file.Path;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Jackson mappers that refuse what they do not understand, so a misspelled
 * field in a manifest fails a test instead of being dropped by the cluster.
 *
 * <p>The fabric8 model classes collect unknown fields in an
 * {@code additionalProperties} map through {@code @JsonAnySetter}; these
 * mappers ignore that annotation, so an unknown field is an error like on any
 * other class. Duplicate keys are errors too. Jackson's YAML reader neither
 * expands aliases nor merge keys: use it for files without anchors only.
 *
 * <p>The mappers are immutable and safe to share between threads.
 */
final class StrictYaml {

  /** For YAML documents: Kubernetes manifests, Grafana provisioning files. */
  static final ObjectMapper YAML = YAMLMapper.builder()
      .annotationIntrospector(new IgnoreAnySetters())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  /** For JSON documents: the Grafana dashboard. */
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private StrictYaml() {}

  static JsonNode yamlTree(Path file) {
    return YAML.readTree(RepositoryFiles.read(file));
  }

  static <T> T yaml(Path file, Class<T> type) {
    return YAML.readValue(RepositoryFiles.read(file), type);
  }

  /** Treats {@code @JsonAnySetter} as absent, so unknown properties fail deserialisation. */
  private static final class IgnoreAnySetters extends JacksonAnnotationIntrospector {
    @Override
    public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
      return null;
    }
  }
}
