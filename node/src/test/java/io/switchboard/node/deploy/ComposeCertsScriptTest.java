package io.switchboard.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/container/compose-certs}, the entry point of docker-compose.yml's {@code certs}
 * service, run here as the current user (bash and openssl): what the nodes' volume holds after a
 * first {@code up}, a second one, a renewal, an added node and a lost CA volume.
 */
@Timeout(120)
class ComposeCertsScriptTest {

  private static final Duration RUN = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void firstRun_issuesEveryNodeFromOneCa_keysReadableByTheOwnerOnly_caKeyKeptApart() throws Exception {
    run("n1", "n2");

    assertThat(files()).containsOnlyKeys("ca.pem", "client.pem", "client-key.pem", "n1.pem", "n1-key.pem",
        "n2.pem", "n2-key.pem");
    for (String name : files().keySet()) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out().resolve(name)))).as(name)
          .isEqualTo(name.endsWith("-key.pem") ? "r--------" : "r--r--r--");
    }
    assertThat(signedByCa("n1.pem").getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))))
        .contains("n1", "localhost", "switchboard");
    signedByCa("client.pem");
  }

  @Test
  void secondRun_changesNothing() throws Exception {
    run("n1", "n2");
    Map<String, String> before = files();

    run("n1", "n2");

    assertThat(files()).isEqualTo(before);
  }

  @Test
  void renew_reissuesEveryNode_fromTheSameCa() throws Exception {
    run("n1", "n2");
    Map<String, String> before = files();

    run("--renew", "n1", "n2");

    Map<String, String> after = files();
    assertThat(after.get("ca.pem")).isEqualTo(before.get("ca.pem"));
    assertThat(after.get("n1.pem")).isNotEqualTo(before.get("n1.pem"));
    assertThat(after.get("n2-key.pem")).isNotEqualTo(before.get("n2-key.pem"));
    signedByCa("n1.pem");
  }

  @Test
  void addedNode_isIssuedAlone() throws Exception {
    run("n1", "n2");
    Map<String, String> before = files();

    run("n1", "n2", "n3");

    Map<String, String> after = files();
    assertThat(after.get("n1.pem")).isEqualTo(before.get("n1.pem"));
    assertThat(after.get("ca.pem")).isEqualTo(before.get("ca.pem"));
    signedByCa("n3.pem");
  }

  @Test
  void lostCa_addingANode_issuesAWholeNewSet() throws Exception {
    run("n1", "n2");
    Map<String, String> before = files();
    deleteTree(dir.resolve("ca"));

    run("n1", "n2", "n3");

    Map<String, String> after = files();
    assertThat(after.get("ca.pem")).isNotEqualTo(before.get("ca.pem"));
    for (String node : List.of("n1.pem", "n2.pem", "n3.pem")) {
      signedByCa(node);
    }
  }

  private void run(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", "scripts/container/compose-certs",
        "--ca-dir", dir.resolve("ca").toString(), "--out", out().toString(), "--san", "switchboard"));
    command.addAll(List.of(args));
    Processes.Result result = Processes.run(RUN, RepositoryFiles.root(), Map.of(), command);
    assertThat(result.ok()).as("%s: %s", command, result).isTrue();
  }

  private Path out() {
    return dir.resolve("certs");
  }

  /** Every file of the output directory (temporary files included) and its content. */
  private Map<String, String> files() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> entries = Files.list(out())) {
      for (Path file : entries.toList()) {
        files.put(file.getFileName().toString(), Files.readString(file));
      }
    }
    return files;
  }

  /** The certificate {@code name}, checked to be signed by the output's {@code ca.pem}. */
  private X509Certificate signedByCa(String name) throws IOException, GeneralSecurityException {
    X509Certificate ca = certificate(out().resolve("ca.pem"));
    X509Certificate cert = certificate(out().resolve(name));
    cert.verify(ca.getPublicKey());
    return cert;
  }

  private static X509Certificate certificate(Path file) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(path);
      }
    }
  }
}
