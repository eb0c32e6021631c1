package io.switchboard.node.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The manifests of {@code k8s/base/}, each parsed strictly into its fabric8 model
 * class: the kustomization and the resources it lists. {@code k8s/} and its
 * overlays deploy them ({@link KubernetesKustomizationsTest}).
 *
 * @param kustomization {@code kustomization.yaml}
 * @param files every other {@code *.yaml} file of the directory, by file name
 * @param resources the parsed resources, by file name
 */
record KubernetesManifests(Kustomization kustomization, List<String> files, Map<String, HasMetadata> resources) {

  /** The base's directory, relative to the checkout's top. */
  static final String BASE = "k8s/base";

  /** The {@code apiVersion kind} pairs the manifests may use, and their model classes. */
  private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
      "apps/v1 StatefulSet", StatefulSet.class,
      "v1 Service", Service.class,
      "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class,
      "networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class);

  /** What the downward API gives the first pod, in namespace {@code ns}, for parsing its configuration. */
  static final Map<String, String> DOWNWARD_API = Map.of(
      "metadata.name", "switchboard-0", "metadata.namespace", "ns", "status.podIP", "10.1.2.3",
      "metadata.labels['app.kubernetes.io/instance']", "switchboard");

  /** Kubernetes' {@code $(NAME)} reference in an env value. */
  static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  /** The subset of kustomize's Kustomization these manifests use; anything else fails to parse. */
  record Kustomization(String apiVersion, String kind, List<String> resources) {}

  /** Reads the base, {@link #BASE}. */
  static KubernetesManifests base() {
    return load(RepositoryFiles.root().resolve(BASE));
  }

  /** Reads {@code dir}; throws when a file is not valid YAML, of an unexpected kind, or has unknown fields. */
  static KubernetesManifests load(Path dir) {
    Kustomization kustomization = StrictYaml.yaml(dir.resolve("kustomization.yaml"), Kustomization.class);
    List<String> files = yamlFiles(dir).stream().filter(name -> !name.equals("kustomization.yaml")).toList();
    Map<String, HasMetadata> resources = new TreeMap<>();
    for (String name : files) {
      resources.put(name, parse(RepositoryFiles.read(dir.resolve(name))));
    }
    return new KubernetesManifests(kustomization, files, Map.copyOf(resources));
  }

  /** Parses one manifest strictly into the model class of its apiVersion and kind. */
  static HasMetadata parse(String yaml) {
    JsonNode tree = StrictYaml.YAML.readTree(yaml);
    String key = tree.path("apiVersion").asString("") + " " + tree.path("kind").asString("");
    Class<? extends HasMetadata> type = KINDS.get(key);
    if (type == null) {
      throw new IllegalArgumentException("unexpected apiVersion/kind '" + key + "'; expected one of " + KINDS.keySet());
    }
    return StrictYaml.YAML.treeToValue(tree, type);
  }

  StatefulSet statefulSet() {
    return only(StatefulSet.class);
  }

  PodDisruptionBudget podDisruptionBudget() {
    return only(PodDisruptionBudget.class);
  }

  NetworkPolicy networkPolicy() {
    return only(NetworkPolicy.class);
  }

  /** The container's environment as the first pod sees it: {@link #DOWNWARD_API} filled in, {@code $(NAME)} expanded. */
  static Map<String, String> environment(Container container) {
    return environment(container, DOWNWARD_API.get("metadata.namespace"));
  }

  /** {@link #environment(Container)} of the first pod in {@code namespace}. */
  static Map<String, String> environment(Container container, String namespace) {
    Map<String, String> downwardApi = new LinkedHashMap<>(DOWNWARD_API);
    downwardApi.put("metadata.namespace", namespace);
    Map<String, String> environment = new LinkedHashMap<>();
    for (EnvVar variable : container.getEnv()) {
      String value = variable.getValue() != null
          ? expand(variable.getValue(), environment)
          : Optional.ofNullable(downwardApi.get(variable.getValueFrom().getFieldRef().getFieldPath()))
              .orElseThrow(() -> new AssertionError("unexpected valueFrom of " + variable.getName()));
      environment.put(variable.getName(), value);
    }
    return environment;
  }

  /** Kubernetes' {@code $(NAME)} expansion in env values, for the names given. */
  private static String expand(String value, Map<String, String> variables) {
    Matcher matcher = VARIABLE_REFERENCE.matcher(value);
    return matcher.replaceAll(match -> Matcher.quoteReplacement(variables.getOrDefault(match.group(1), match.group())));
  }

  /** The Service with {@code clusterIP: None}. */
  Service headlessService() {
    return only(services().filter(KubernetesManifests::isHeadless).toList(), "headless Service");
  }

  /** The Service clients call (the one that is not headless). */
  Service clientService() {
    return only(services().filter(service -> !isHeadless(service)).toList(), "client Service");
  }

  private Stream<Service> services() {
    return resources.values().stream().filter(Service.class::isInstance).map(Service.class::cast);
  }

  private static boolean isHeadless(Service service) {
    return "None".equals(service.getSpec().getClusterIP());
  }

  private <T> T only(Class<T> type) {
    return only(resources.values().stream().filter(type::isInstance).map(type::cast).toList(), type.getSimpleName());
  }

  private static <T> T only(List<T> found, String what) {
    if (found.size() != 1) {
      throw new AssertionError("expected exactly one " + what + " in " + BASE + "/, found " + found.size());
    }
    return found.get(0);
  }

  private static List<String> yamlFiles(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(path -> path.getFileName().toString())
          .filter(name -> name.endsWith(".yaml") || name.endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
