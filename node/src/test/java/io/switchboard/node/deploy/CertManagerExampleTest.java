package io.switchboard.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code k8s/cert-manager/} against the StatefulSet of {@code k8s/base/}: the Certificate fills the
 * Secret the pods mount, under the key names their {@code SWITCHBOARD_TLS_*} variables use, with
 * names that cover the address each pod advertises in the kustomization's namespace. cert-manager's
 * resources are custom resources, so they are read as trees, not fabric8 models.
 */
class CertManagerExampleTest {

  private static final Path DIR = RepositoryFiles.root().resolve("k8s/cert-manager");

  private static JsonNode kustomization;
  private static List<JsonNode> resources;
  private static KubernetesManifests base;

  @BeforeAll
  static void load() {
    kustomization = StrictYaml.yamlTree(DIR.resolve("kustomization.yaml"));
    resources = new ArrayList<>();
    for (JsonNode file : kustomization.path("resources")) {
      resources.addAll(StrictYaml.YAML.readerFor(JsonNode.class)
          .<JsonNode>readValues(RepositoryFiles.read(DIR.resolve(file.asString()))).readAll());
    }
    base = KubernetesManifests.base();
  }

  @Test
  void kustomization_listsEveryOtherFileOfItsDirectory() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      assertThat(strings(kustomization.path("resources"))).containsExactlyInAnyOrderElementsOf(
          files.map(file -> file.getFileName().toString()).filter(name -> !name.equals("kustomization.yaml")).toList());
    }
  }

  @Test
  void certificate_fillsTheMountedSecret_underTheKeysTheNodeReads() {
    Map<String, String> env = KubernetesManifests.environment(node());
    String dir = Path.of(env.get("SWITCHBOARD_TLS_CERT")).getParent().toString();
    VolumeMount mount = node().getVolumeMounts().stream().filter(m -> m.getMountPath().equals(dir)).findFirst()
        .orElseThrow(() -> new AssertionError("nothing is mounted at " + dir));
    Volume volume = pod().getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();

    assertThat(volume.getSecret().getSecretName()).isEqualTo(nodeCertificate().path("spec").path("secretName").asString());
    // cert-manager's layout of a certificate Secret
    assertThat(env).containsEntry("SWITCHBOARD_TLS_CA", dir + "/ca.crt")
        .containsEntry("SWITCHBOARD_TLS_CERT", dir + "/tls.crt").containsEntry("SWITCHBOARD_TLS_KEY", dir + "/tls.key");
  }

  @Test
  void certificate_isForServerAndClientWithAPkcs8Key() {
    JsonNode spec = nodeCertificate().path("spec");

    assertThat(strings(spec.path("usages"))).contains("server auth", "client auth");
    assertThat(spec.path("privateKey").path("encoding").asString()).isEqualTo("PKCS8");
  }

  @Test
  void certificate_namesTheAddressEveryPodAdvertises_andTheClientService() {
    String namespace = kustomization.path("namespace").asString();
    String advertised = KubernetesManifests.environment(node(), namespace).get("SWITCHBOARD_ADVERTISE_HOST");
    List<String> names = strings(nodeCertificate().path("spec").path("dnsNames"));

    assertThat(names).anySatisfy(name -> assertThat(name).startsWith("*.")
        .isEqualTo("*" + advertised.substring(advertised.indexOf('.'))));
    assertThat(names).contains(base.clientService().getMetadata().getName() + "." + namespace + ".svc", "localhost");
  }

  @Test
  void replacements_putTheNamespaceIntoEveryNameThatHoldsIt() {
    String namespace = kustomization.path("namespace").asString();
    List<String> names = strings(nodeCertificate().path("spec").path("dnsNames"));
    List<String> targeted = new ArrayList<>();
    for (JsonNode replacement : kustomization.path("replacements")) {
      assertThat(replacement.path("source").path("fieldPath").asString()).isEqualTo("metadata.namespace");
      for (JsonNode target : replacement.path("targets")) {
        int label = target.path("options").path("index").asInt();
        assertThat(target.path("options").path("delimiter").asString()).isEqualTo(".");
        for (String path : strings(target.path("fieldPaths"))) {
          String name = names.get(Integer.parseInt(path.substring("spec.dnsNames.".length())));
          assertThat(name.split("\\.")[label]).as("label %s of %s", label, name).isEqualTo(namespace);
          targeted.add(name);
        }
      }
    }
    assertThat(targeted).containsExactlyInAnyOrderElementsOf(
        names.stream().filter(name -> Arrays.asList(name.split("\\.")).contains(namespace)).toList());
  }

  @Test
  void issuer_isACaIssuerWhoseKeyNoPodMounts() {
    JsonNode ref = nodeCertificate().path("spec").path("issuerRef");
    JsonNode issuer = resource(ref.path("kind").asString(), ref.path("name").asString());
    String caSecret = issuer.path("spec").path("ca").path("secretName").asString();

    assertThat(resources).anySatisfy(r -> {
      assertThat(r.path("kind").asString()).isEqualTo("Certificate");
      assertThat(r.path("spec").path("isCA").asBoolean()).isTrue();
      assertThat(r.path("spec").path("secretName").asString()).isEqualTo(caSecret);
    });
    assertThat(pod().getVolumes()).noneSatisfy(v ->
        assertThat(v.getSecret() != null && caSecret.equals(v.getSecret().getSecretName())).isTrue());
  }

  /** The Certificate of the Secret the pods mount. */
  private static JsonNode nodeCertificate() {
    List<String> secrets = pod().getVolumes().stream().filter(v -> v.getSecret() != null)
        .map(v -> v.getSecret().getSecretName()).toList();
    List<JsonNode> found = resources.stream().filter(r -> r.path("kind").asString().equals("Certificate"))
        .filter(r -> secrets.contains(r.path("spec").path("secretName").asString())).toList();
    assertThat(found).as("Certificates of the Secrets %s", secrets).hasSize(1);
    return found.get(0);
  }

  private static JsonNode resource(String kind, String name) {
    return resources.stream()
        .filter(r -> r.path("kind").asString().equals(kind) && r.path("metadata").path("name").asString().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + DIR));
  }

  private static PodSpec pod() {
    return base.statefulSet().getSpec().getTemplate().getSpec();
  }

  private static Container node() {
    return pod().getContainers().get(0);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asString()));
    return values;
  }
}
