package io.switchboard.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The security settings of {@code k8s/base/}: the TLS Secret and the variables that point into it, no
 * service account token, and the NetworkPolicy that keeps the peer plane to the cluster's own
 * pods. The cert-manager example that fills the Secret is {@link CertManagerExampleTest}'s.
 */
class KubernetesSecurityTest {

  private static final String TLS_SECRET = "switchboard-tls";

  private static KubernetesManifests manifests;
  private static CommandSpec parsedNode;

  @BeforeAll
  static void load() {
    manifests = KubernetesManifests.base();
    parsedNode = NodeCli.parse(Optional.ofNullable(node().getArgs()).orElse(List.of()),
        KubernetesManifests.environment(node()));
  }

  @Test
  void podSpec_serviceAccountToken_isNotMounted() {
    assertThat(pod().getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void tlsSecret_isMountedReadOnlyAsAWholeDirectory_readableByTheNodesGroupOnly() {
    Volume volume = tlsVolume();
    VolumeMount mount = tlsMount();
    int mode = volume.getSecret().getDefaultMode();

    assertThat(mount.getReadOnly()).isTrue();
    assertThat(mount.getSubPath()).as("a subPath mount never sees a renewed Secret").isNull();
    assertThat(volume.getSecret().getItems()).as("every key of the Secret").isNullOrEmpty();
    assertThat(mode & 0077).as("mode %o: group reads, others nothing", mode).isEqualTo(0040);
    assertThat(pod().getSecurityContext().getFsGroup()).isEqualTo(pod().getSecurityContext().getRunAsGroup());
  }

  @Test
  void tlsOptions_pointAtTheSecretsKeys() {
    String dir = tlsMount().getMountPath();

    assertThat(String.valueOf(NodeCli.<Object>value(parsedNode, "--tls-ca"))).isEqualTo(dir + "/ca.crt");
    assertThat(String.valueOf(NodeCli.<Object>value(parsedNode, "--tls-cert"))).isEqualTo(dir + "/tls.crt");
    assertThat(String.valueOf(NodeCli.<Object>value(parsedNode, "--tls-key"))).isEqualTo(dir + "/tls.key");
  }

  @Test
  void networkPolicy_selectsTheNodePods_forIngressOnly() {
    NetworkPolicy policy = manifests.networkPolicy();

    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(manifests.statefulSet().getSpec().getSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
  }

  @Test
  void networkPolicy_peerClusterAndFailureDetectionPorts_onlyFromThisInstancesPods() {
    Set<Integer> restricted = new HashSet<>();
    for (NetworkPolicyIngressRule rule : rules(true)) {
      for (NetworkPolicyPeer peer : rule.getFrom()) {
        assertThat(peer.getNamespaceSelector()).isNull();
        assertThat(peer.getIpBlock()).isNull();
        assertThat(peer.getPodSelector().getMatchLabels())
            .isEqualTo(manifests.statefulSet().getSpec().getSelector().getMatchLabels())
            .containsKey("app.kubernetes.io/instance");
      }
      restricted.addAll(ports(rule));
    }

    int cluster = nodePort("cluster");
    Set<Integer> expected = new HashSet<>(List.of(nodePort("peer"), cluster));
    int fdSock = cluster + jgroupsStack("FD_SOCK_OFFSET");
    IntStream.rangeClosed(fdSock, fdSock + jgroupsStack("FD_SOCK_PORT_RANGE")).forEach(expected::add);
    assertThat(restricted).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void networkPolicy_clientAndHttpPorts_fromAnywhere() {
    List<Integer> open = new ArrayList<>();
    rules(false).forEach(rule -> open.addAll(ports(rule)));

    assertThat(open).containsExactlyInAnyOrder(nodePort("grpc"), nodePort("http"));
  }

  /** The ingress rules that name sources ({@code restricted}) or admit everyone. */
  private static List<NetworkPolicyIngressRule> rules(boolean restricted) {
    return manifests.networkPolicy().getSpec().getIngress().stream()
        .filter(rule -> (rule.getFrom() != null && !rule.getFrom().isEmpty()) == restricted).toList();
  }

  /** The container ports a rule admits: named ports resolved, single TCP ports only. */
  private static List<Integer> ports(NetworkPolicyIngressRule rule) {
    assertThat(rule.getPorts()).as("a rule without ports admits every port").isNotEmpty();
    List<Integer> ports = new ArrayList<>();
    for (NetworkPolicyPort port : rule.getPorts()) {
      assertThat(port.getProtocol()).isEqualTo("TCP");
      assertThat(port.getEndPort()).as("single ports: some plugins ignore endPort").isNull();
      IntOrString p = port.getPort();
      ports.add(p.getIntVal() != null ? p.getIntVal() : node().getPorts().stream()
          .filter(c -> p.getStrVal().equals(c.getName())).findFirst()
          .orElseThrow(() -> new AssertionError("the container has no port named " + p.getStrVal()))
          .getContainerPort());
    }
    return ports;
  }

  /** A constant of JGroups' stack (package-private in the cluster module): the policy must follow it. */
  private static int jgroupsStack(String constant) {
    try {
      Field field = Class.forName("io.switchboard.cluster.jgroups.JGroupsStack").getDeclaredField(constant);
      field.setAccessible(true);
      return field.getInt(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("JGroupsStack." + constant + " (FD_SOCK2's ports) is gone: update this test"
          + " and k8s/base/networkpolicy.yaml", e);
    }
  }

  private static int nodePort(String name) {
    return NodeCli.<Integer>value(parsedNode, "--" + name + "-port");
  }

  private static Volume tlsVolume() {
    return pod().getVolumes().stream()
        .filter(v -> v.getSecret() != null && TLS_SECRET.equals(v.getSecret().getSecretName())).findFirst()
        .orElseThrow(() -> new AssertionError("no volume of the Secret " + TLS_SECRET));
  }

  private static VolumeMount tlsMount() {
    String volume = tlsVolume().getName();
    return node().getVolumeMounts().stream().filter(m -> volume.equals(m.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("the node does not mount the volume " + volume));
  }

  private static PodSpec pod() {
    return manifests.statefulSet().getSpec().getTemplate().getSpec();
  }

  private static Container node() {
    List<Container> containers = pod().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }
}
