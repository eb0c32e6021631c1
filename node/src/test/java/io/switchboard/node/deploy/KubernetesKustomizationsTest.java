package io.switchboard.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The layout of {@code k8s/}: every kustomization loads as kustomize would load it, so
 * {@code kubectl apply -k} works on each directory the README and the comments name. An overlay
 * inside its base's directory ({@code k8s/example-bank/} over {@code k8s/} once) fails in kustomize
 * with "cycle detected" and passed every test that read the manifests file by file.
 *
 * <p>This checks kustomize's loading rules in Java ({@link Kustomizations}) rather than running
 * {@code kubectl kustomize}: CI ({@code .ci/run}, {@code scripts/ci-setup.sh}) installs Docker and
 * Prometheus but no kubectl, and a fresh Debian has none, so a kubectl-based test would fail on
 * every CI machine.
 */
class KubernetesKustomizationsTest {

  private static final Path K8S = RepositoryFiles.root().resolve("k8s");

  @Test
  void top_deploysTheBase_andHoldsNoManifestOfItsOwn() throws IOException {
    assertThat(Kustomizations.entries(K8S)).containsExactly("base");
    try (Stream<Path> files = Files.list(K8S)) {
      assertThat(files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()))
          .as("files of k8s/ (the manifests belong in k8s/base/)").containsExactly("kustomization.yaml");
    }
  }

  @Test
  void everyKustomization_loads_noBaseContainsAnOverlay() {
    List<Path> dirs = Kustomizations.under(K8S);

    assertThat(dirs).extracting(dir -> K8S.relativize(dir).toString().replace('\\', '/'))
        .containsExactlyInAnyOrder("", "base", "example-bank", "cert-manager");
    for (Path dir : dirs) {
      assertThat(Kustomizations.resources(dir)).as("resources of %s", dir).isNotEmpty();
    }
  }

  /** What {@code kubectl kustomize DIR} prints, by kind (the same as kubectl's output for these). */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "k8s              | NetworkPolicy=1, PodDisruptionBudget=1, Service=2, StatefulSet=1",
      "k8s/example-bank | NetworkPolicy=1, PodDisruptionBudget=1, Service=2, StatefulSet=1",
      "k8s/cert-manager | Certificate=3, Issuer=2"})
  void kustomization_resources_haveTheExpectedKinds(String dir, String kinds) {
    Map<String, Long> counted = Kustomizations.resources(RepositoryFiles.root().resolve(dir)).stream()
        .collect(Collectors.groupingBy(Kustomizations.Resource::kind, TreeMap::new, Collectors.counting()));

    assertThat(counted.toString()).isEqualTo("{" + kinds + "}");
  }

  @Test
  void exampleBank_isAnOverlayOfTheBase_besideIt() {
    assertThat(Kustomizations.entries(K8S.resolve("example-bank"))).containsExactly("../base");
  }

  @Test
  void resources_overlayInsideItsBase_isACycle(@TempDir Path top) throws IOException {
    writeBase(top);
    write(top.resolve("overlay/kustomization.yaml"), "resources:\n  - ../\n");

    assertThatThrownBy(() -> Kustomizations.resources(top.resolve("overlay")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cycle detected").hasMessageContaining(top.resolve("overlay").toRealPath().toString());
  }

  @Test
  void resources_baseBesideTheOverlay_loads(@TempDir Path top) throws IOException {
    writeBase(top.resolve("base"));
    write(top.resolve("kustomization.yaml"), "resources:\n  - base\n");
    write(top.resolve("overlay/kustomization.yaml"), "resources:\n  - ../base\n");

    assertThat(Kustomizations.resources(top)).extracting(Kustomizations.Resource::kind).containsExactly("Service");
    assertThat(Kustomizations.resources(top.resolve("overlay"))).extracting(Kustomizations.Resource::name)
        .containsExactly("s");
  }

  @Test
  void resources_fileOutsideTheKustomizationsDirectory_isRefused(@TempDir Path top) throws IOException {
    writeBase(top);
    write(top.resolve("overlay/kustomization.yaml"), "resources:\n  - ../service.yaml\n");

    assertThatThrownBy(() -> Kustomizations.resources(top.resolve("overlay")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the kustomization's directory");
  }

  @Test
  void resources_missingBase_isRefused(@TempDir Path top) throws IOException {
    write(top.resolve("overlay/kustomization.yaml"), "resources:\n  - ../base\n");

    assertThatThrownBy(() -> Kustomizations.resources(top.resolve("overlay")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
  }

  private static void writeBase(Path dir) throws IOException {
    write(dir.resolve("kustomization.yaml"), "resources:\n  - service.yaml\n");
    write(dir.resolve("service.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n");
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
