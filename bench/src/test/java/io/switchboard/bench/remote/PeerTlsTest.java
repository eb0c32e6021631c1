package io.switchboard.bench.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class PeerTlsTest {
  @TempDir Path dir;

  @Test
  void findScript_nodeJarDeepInTheRepository_findsTheScriptAtItsRoot() throws Exception {
    Path script = Files.createDirectories(dir.resolve("scripts")).resolve("make-certs.sh");
    Files.writeString(script, "#!/usr/bin/env bash\n");
    Path jar = Files.createDirectories(dir.resolve("node/target")).resolve("switchboard.jar");

    assertThat(PeerTls.findScript(List.of(jar, Path.of("/")))).contains(script);
  }

  @Test
  void findScript_noneAboveAnyStart_isEmpty() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("a/b"));

    assertThat(PeerTls.findScript(List.of(elsewhere))).isEmpty();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void makeCerts_theRepositoryScript_writesTheLayoutOfPeerTls() throws Exception {
    Path script = PeerTls.findScript(List.of(Path.of("").toAbsolutePath())).orElseThrow();

    PeerTls.makeCerts(script, dir.resolve("certs"), 2);

    for (String f : List.of("ca.pem", "n1.pem", "n1-key.pem", "n2.pem", "n2-key.pem")) {
      assertThat(dir.resolve("certs").resolve(f)).isNotEmptyFile();
    }
  }

  @Test
  void handshake_briefOutputOfOpensslSClient_namesProtocolAndCipher() {
    String out = """
        Can't use SSL_get_servername
        CONNECTION ESTABLISHED
        Protocol version: TLSv1.3
        Ciphersuite: TLS_AES_256_GCM_SHA384
        Peer certificate: CN = n2
        Verification: OK
        """;

    assertThat(PeerTls.handshake(out)).contains("negotiated TLSv1.3 TLS_AES_256_GCM_SHA384");
  }

  @Test
  void handshake_refused_saysSoWithTheFirstLines() {
    assertThat(PeerTls.handshake("connect:errno=111\n"))
        .contains("reported no handshake", "errno=111");
  }

  @Test
  void nativeTls_mapsWithRatisTcnative_namesItsShadingOnce() {
    List<String> maps = List.of(
        "7f01-7f02 r-xp 00000000 08:01 42 /usr/lib/jvm/java-17/lib/libnet.so",
        "7f03-7f04 r-xp 00000000 08:01 43 "
            + "/tmp/liborg_apache_ratis_thirdparty_netty_tcnative_linux_x86_6412345.so (deleted)",
        "7f05-7f06 r--p 00001000 08:01 43 "
            + "/tmp/liborg_apache_ratis_thirdparty_netty_tcnative_linux_x86_6412345.so (deleted)");

    assertThat(PeerTls.nativeTls(maps)).containsExactly(PeerTls.RATIS);
  }

  @Test
  void engines_ratisOnly_saysBoringSslServesAndTheJdkEngineCalls() {
    assertThat(PeerTls.engines(Set.of(PeerTls.RATIS)))
        .contains("BoringSSL on the server side", "JDK's SSLEngine");
  }

  @Test
  void engines_ratisAndGrpcTcnative_saysBoringSslOnBothSides() {
    assertThat(PeerTls.engines(Set.of(PeerTls.RATIS, PeerTls.GRPC)))
        .contains("BoringSSL on the client side").doesNotContain("JDK's SSLEngine");
  }
}
