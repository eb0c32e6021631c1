package io.switchboard.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.switchboard.cluster.Discovery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The manifests of {@code k8s/base/} against the fabric8 Kubernetes model and the
 * node's own command line. No cluster can run here, so this is what stands
 * between a typo in a manifest and a StatefulSet that never forms a cluster.
 */
class KubernetesManifestsTest {

  private static final List<String> PORTS = List.of("grpc", "http", "cluster");
  private static final Pattern VARIABLE_REFERENCE = KubernetesManifests.VARIABLE_REFERENCE;

  private static KubernetesManifests manifests;
  private static CommandSpec parsedNode;

  @BeforeAll
  static void load() {
    manifests = KubernetesManifests.base();
    parsedNode = NodeCli.parse(args(node()), environment(node()));
  }

  @Test
  void load_everyManifest_parsesStrictlyAndIsListedByKustomization() {
    assertThat(manifests.kustomization().apiVersion()).isEqualTo("kustomize.config.k8s.io/v1beta1");
    assertThat(manifests.kustomization().kind()).isEqualTo("Kustomization");
    assertThat(manifests.kustomization().resources()).containsExactlyInAnyOrderElementsOf(manifests.files());
    assertThat(manifests.resources()).hasSize(5);
  }

  @Test
  void parse_misspelledField_isRejected() {
    String yaml = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: switchboard
        spec:
          replica: 3
        """;

    assertThatThrownBy(() -> KubernetesManifests.parse(yaml)).hasMessageContaining("replica");
  }

  @Test
  void parse_duplicateKey_isRejected() {
    String yaml = """
        apiVersion: v1
        kind: Service
        metadata:
          name: a
          name: b
        """;

    assertThatThrownBy(() -> KubernetesManifests.parse(yaml)).hasMessageContaining("name");
  }

  @Test
  void statefulSet_shape_threeParallelNodesWithExpectedSizeThree() {
    StatefulSet set = manifests.statefulSet();

    assertThat(set.getSpec().getReplicas()).isEqualTo(3);
    assertThat(set.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(NodeCli.<Integer>value(parsedNode, "--expected-size")).isEqualTo(set.getSpec().getReplicas());
  }

  @Test
  void terminationGracePeriod_coversTheNodesGracefulStopAndThirtySeconds() {
    long grace = template().getSpec().getTerminationGracePeriodSeconds();
    Duration shutdown = NodeCli.value(parsedNode, "--shutdown-timeout");

    assertThat(grace).isGreaterThanOrEqualTo(30L).isGreaterThan(shutdown.toSeconds());
  }

  @Test
  void statefulSet_nameAndHost_comeFromTheDownwardApi() {
    assertThat(env(node(), "SWITCHBOARD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    assertThat(env(node(), "SWITCHBOARD_HOST").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
    assertThat(NodeCli.<String>value(parsedNode, "--name")).isEqualTo("switchboard-0");
    assertThat(NodeCli.<String>value(parsedNode, "--host")).isEqualTo("10.1.2.3");
  }

  @Test
  void discovery_dnsName_isTheHeadlessServiceThatPublishesNotReadyPods() {
    Service headless = manifests.headlessService();
    String name = headless.getMetadata().getName();

    assertThat(NodeCli.<Discovery>value(parsedNode, "--discovery")).isInstanceOfSatisfying(Discovery.Dns.class,
        dns -> assertThat(dns.query()).isIn(name, name + ".ns", name + ".ns.svc", name + ".ns.svc.cluster.local"));
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(manifests.statefulSet().getSpec().getServiceName()).isEqualTo(name);
  }

  @Test
  void probes_pointAtTheHealthEndpointsOnTheHttpPort() {
    Container node = node();
    Probe readiness = node.getReadinessProbe();
    Probe liveness = node.getLivenessProbe();

    assertThat(readiness.getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(liveness.getHttpGet().getPath()).isEqualTo("/health/live");
    assertThat(containerPort(node, readiness.getHttpGet().getPort())).isEqualTo(nodePort("http"));
    assertThat(containerPort(node, liveness.getHttpGet().getPort())).isEqualTo(nodePort("http"));
  }

  @Test
  void containerPorts_areTheNodesPorts() {
    Container node = node();

    for (String name : PORTS) {
      assertThat(containerPort(node, new IntOrString(name))).as("container port %s", name).isEqualTo(nodePort(name));
    }
    assertThat(servicePort(manifests.clientService(), "grpc")).isEqualTo(nodePort("grpc"));
    assertThat(servicePort(manifests.headlessService(), "cluster")).isEqualTo(nodePort("cluster"));
  }

  @Test
  void podAnnotations_letPrometheusScrapeTheMetricsEndpoint() {
    Map<String, String> annotations = template().getMetadata().getAnnotations();

    assertThat(annotations).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/metrics");
    assertThat(Integer.parseInt(annotations.get("prometheus.io/port"))).isEqualTo(nodePort("http"));
  }

  @Test
  void resources_requestCpuAndMemoryAndLimitMemory() {
    Map<String, Quantity> requests = node().getResources().getRequests();
    Map<String, Quantity> limits = node().getResources().getLimits();

    assertThat(requests).containsKeys("cpu", "memory");
    assertThat(limits).containsKey("memory");
    assertThat(Quantity.getAmountInBytes(limits.get("memory")))
        .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("memory")));
  }

  @Test
  void selectors_ofServicesAndDisruptionBudget_matchThePodLabels() {
    StatefulSet set = manifests.statefulSet();
    Map<String, String> podLabels = template().getMetadata().getLabels();

    assertThat(podLabels).containsAllEntriesOf(set.getSpec().getSelector().getMatchLabels());
    assertThat(manifests.podDisruptionBudget().getSpec().getSelector().getMatchLabels())
        .isEqualTo(set.getSpec().getSelector().getMatchLabels());
    assertThat(manifests.podDisruptionBudget().getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
    assertThat(podLabels).containsAllEntriesOf(manifests.headlessService().getSpec().getSelector());
    assertThat(podLabels).containsAllEntriesOf(manifests.clientService().getSpec().getSelector());
  }

  @Test
  void selectors_carryTheInstanceLabel_andItNamesTheCluster() {
    String instance = "app.kubernetes.io/instance";
    assertThat(manifests.statefulSet().getSpec().getSelector().getMatchLabels()).containsKey(instance);
    assertThat(manifests.podDisruptionBudget().getSpec().getSelector().getMatchLabels()).containsKey(instance);
    assertThat(manifests.headlessService().getSpec().getSelector()).containsKey(instance);
    assertThat(manifests.clientService().getSpec().getSelector()).containsKey(instance);
    EnvVar clusterName = node().getEnv().stream()
        .filter(v -> v.getName().equals("SWITCHBOARD_CLUSTER_NAME")).findFirst().orElseThrow();
    assertThat(clusterName.getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.labels['" + instance + "']");
  }

  @Test
  void container_argsAndEnvironment_useOnlyFlagsTheNodeAccepts() {
    Container node = node();
    List<String> args = args(node);

    assertThat(args).as("args start with the node subcommand").first().isEqualTo("node");
    assertThat(NodeCli.subcommands()).contains("node");
    args.stream().skip(1).filter(arg -> arg.startsWith("-"))
        .forEach(arg -> assertThat(NodeCli.nodeOptions()).as("flag %s", arg).contains(NodeCli.optionOf(arg)));
    for (EnvVar variable : node.getEnv()) {
      if (variable.getName().startsWith("SWITCHBOARD_")) {
        assertThat(NodeCli.nodeVariables()).as("the node reads %s", variable.getName()).contains(variable.getName());
      } else {
        assertThat(referencedVariables(node)).as("helper variable %s is used by another variable", variable.getName())
            .contains(variable.getName());
      }
    }
  }

  private static PodTemplateSpec template() {
    return manifests.statefulSet().getSpec().getTemplate();
  }

  private static Container node() {
    List<Container> containers = template().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }

  private static EnvVar env(Container container, String name) {
    return container.getEnv().stream().filter(variable -> variable.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("container " + container.getName() + " has no env " + name));
  }

  /** The port the node listens on for {@code name} ({@code http}: {@code --http-port}), as it parses its configuration. */
  private static int nodePort(String name) {
    return NodeCli.<Integer>value(parsedNode, "--" + name + "-port");
  }

  private static List<String> args(Container container) {
    return Optional.ofNullable(container.getArgs()).orElse(List.of());
  }

  private static Map<String, String> environment(Container container) {
    return KubernetesManifests.environment(container);
  }

  private static int containerPort(Container container, IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort).findFirst()
        .orElseThrow(() -> new AssertionError("container has no port named " + port.getStrVal()));
  }

  /** The container port a Service port forwards to. */
  private static int servicePort(Service service, String name) {
    IntOrString target = service.getSpec().getPorts().stream().filter(port -> name.equals(port.getName()))
        .findFirst().orElseThrow(() -> new AssertionError(service.getMetadata().getName() + " has no port " + name))
        .getTargetPort();
    return containerPort(node(), target);
  }

  private static List<String> referencedVariables(Container container) {
    return container.getEnv().stream().map(EnvVar::getValue).filter(value -> value != null)
        .flatMap(value -> VARIABLE_REFERENCE.matcher(value).results().map(match -> match.group(1)))
        .toList();
  }

  /**
   * The app overlay ({@code k8s/example-bank}) builds on the base and patches the base's own
   * StatefulSet, container and {@code SWITCHBOARD_APP} variable (a strategic merge by name: a
   * wrong name would add a second container or variable instead).
   */
  @Test
  void appOverlay_patchesTheBaseStatefulSetsAppVariable() {
    java.nio.file.Path dir = RepositoryFiles.root().resolve("k8s/example-bank");
    tools.jackson.databind.JsonNode k = StrictYaml.YAML.readTree(
        RepositoryFiles.read(dir.resolve("kustomization.yaml")));
    assertThat(k.path("resources").get(0).asString()).isEqualTo("../base");
    assertThat(k.path("images").get(0).path("name").asString())
        .isEqualTo(node().getImage().replaceFirst(":.*", ""));
    String patchFile = k.path("patches").get(0).path("path").asString();
    StatefulSet patch = (StatefulSet) KubernetesManifests.parse(
        RepositoryFiles.read(dir.resolve(patchFile)));
    assertThat(patch.getMetadata().getName())
        .isEqualTo(manifests.statefulSet().getMetadata().getName());
    Container patched = patch.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(patched.getName()).isEqualTo(node().getName());
    assertThat(patched.getEnv()).extracting(EnvVar::getName).containsExactly("SWITCHBOARD_APP");
    assertThat(environment(node())).containsKey("SWITCHBOARD_APP");
    assertThat(patched.getEnv().get(0).getValue()).isEqualTo("demo,bank");
  }
}
