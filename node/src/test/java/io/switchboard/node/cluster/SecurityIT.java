package io.switchboard.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.switchboard.client.tls.PemTls;
import io.switchboard.node.NodeJar;
import io.switchboard.node.deploy.Processes;
import io.switchboard.node.deploy.RepositoryFiles;
import io.switchboard.proto.v1.CallRequest;
import io.switchboard.proto.v1.PeerGrpc;
import io.switchboard.proto.v1.ShardsRequest;
import io.switchboard.proto.v1.SwitchboardGrpc;
import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.ProcessCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * The planes of DESIGN "Planes" through real node processes: mutual TLS on the peer plane (Peer
 * and Raft on {@code --peer-port}, JGroups on {@code --cluster-port}), {@code Peer} absent from
 * the client port, and {@code --client-tls require}.
 */
@Timeout(300)
class SecurityIT {

  @Test
  void peerPort_refusesCallersWithoutACertificateOfTheCa_clientPortServesNoPeer(TestInfo test)
      throws Exception {
    Path dir = Clusters.workDir(test);
    try (ProcessCluster cluster = Clusters.start(dir, 3, 3, 3)) {
      Path certs = dir.resolve("certs");
      Path foreign = foreignCertificates(dir, "n1");
      NodeProcess n1 = cluster.node(0);
      assertThat(cluster.client(1).call("counter-1", "increment", Clusters.CALL).text())
          .isEqualTo("ack");

      Function<ChannelCredentials, Status.Code> shards = creds -> peerShards(n1.peerPort(), creds);
      assertThat(shards.apply(InsecureChannelCredentials.create()))
          .as("plaintext on the peer port").isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(shards.apply(PemTls.trusting(certs.resolve("ca.pem")).channelCredentials()))
          .as("TLS without a client certificate").isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(shards.apply(PemTls.of(certs.resolve("ca.pem"), foreign.resolve("client.pem"),
          foreign.resolve("client-key.pem")).channelCredentials()))
          .as("a client certificate of another CA").isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(shards.apply(PemTls.of(certs.resolve("ca.pem"), certs.resolve("client.pem"),
          certs.resolve("client-key.pem")).channelCredentials()))
          .as("a client certificate of the cluster's CA (not a node's)")
          .isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(shards.apply(PemTls.of(certs.resolve("ca.pem"), certs.resolve("n2.pem"),
          certs.resolve("n2-key.pem")).channelCredentials()))
          .as("a node certificate of the cluster's CA, from a member's address")
          .isEqualTo(Status.Code.OK);

      // rotation: new files for n1 (same CA); the running node presents them to new connections
      PemTls client = PemTls.of(certs.resolve("ca.pem"), certs.resolve("n2.pem"),
          certs.resolve("n2-key.pem"));
      BigInteger before = presented(n1.peerPort(), client);
      Processes.check(Duration.ofMinutes(1), "bash",
          RepositoryFiles.root().resolve("scripts/make-certs.sh").toString(), "--out",
          certs.toString(), "n1");
      cluster.await(Duration.ofSeconds(20)).until("n1 presents its new certificate",
          () -> presented(n1.peerPort(), client), serial -> !serial.equals(before));
      assertThat(cluster.client(2).call("counter-1", "read", Clusters.CALL).text())
          .as("the cluster still works across the rotation").isEqualTo("1");

      ManagedChannel clientPort = Grpc.newChannelBuilderForAddress("127.0.0.1", n1.grpcPort(),
          InsecureChannelCredentials.create()).build();
      try {
        assertThatThrownBy(() -> PeerGrpc.newBlockingStub(clientPort)
            .withDeadlineAfter(5, TimeUnit.SECONDS).shards(ShardsRequest.getDefaultInstance()))
            .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
      } finally {
        clientPort.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void nodeWithACertificateOfAnotherCa_neverJoinsTheView(TestInfo test) throws Exception {
    Path dir = Clusters.workDir(test);
    try (ProcessCluster cluster = Clusters.start(dir, 4, 3, 3)) {
      Path foreign = foreignCertificates(dir, "n4");
      for (String f : List.of("n4.pem", "n4-key.pem")) {
        Files.copy(foreign.resolve(f), dir.resolve("certs").resolve(f),
            StandardCopyOption.REPLACE_EXISTING);
      }
      NodeProcess intruder = cluster.start(3);
      // JVM start, JGroups' join timeout and several merge rounds: a member that could join
      // has joined by the end of this
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < end) {
        for (int i = 0; i < 3; i++) {
          assertThat(Clusters.members(cluster, i)).as("view of n" + (i + 1))
              .containsExactlyInAnyOrder("n1", "n2", "n3");
        }
        Thread.sleep(500); // sampling a view that must not change: there is no event to await
      }
      assertThat(intruder.isAlive()).as("n4 runs, alone").isTrue();
      assertThat(intruder.isReady()).as("n4 alone has no quorum").isFalse();
    }
  }

  @Test
  void clientTlsRequire_refusesPlaintextAndCertificateLessClients(TestInfo test)
      throws Exception {
    Path dir = Clusters.workDir(test);
    Path certs = Clusters.certificates(dir, 1);
    try (ProcessCluster node = ProcessCluster.builder(1, dir).jar(NodeJar.path())
        .jvmArgs(Clusters.NODE_JVM).peerPorts(false).peerTls(certs)
        .nodeArgs(List.of("--client-tls", "require")).build()) {
      NodeProcess n1 = node.start(0);
      node.awaitReady(Clusters.START, List.of(0));
      Function<ChannelCredentials, Status.Code> call = creds -> increment(n1.grpcPort(), creds);
      assertThat(call.apply(InsecureChannelCredentials.create())).as("plaintext client")
          .isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(call.apply(PemTls.trusting(certs.resolve("ca.pem")).channelCredentials()))
          .as("TLS client without a certificate").isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(call.apply(PemTls.of(certs.resolve("ca.pem"), certs.resolve("client.pem"),
          certs.resolve("client-key.pem")).channelCredentials()))
          .as("client certificate of the CA").isEqualTo(Status.Code.OK);
    }
  }

  /** The serial number of the certificate a TLS handshake with {@code port} is shown. */
  private static BigInteger presented(int port, PemTls client) {
    try (SSLSocket socket = (SSLSocket) client.sslContext().getSocketFactory()
        .createSocket("127.0.0.1", port)) {
      SSLParameters params = socket.getSSLParameters();
      params.setApplicationProtocols(new String[] {"h2"});
      socket.setSSLParameters(params);
      socket.setSoTimeout(5_000);
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Certificates of a second, unrelated CA ({@code dir/foreign}). */
  private static Path foreignCertificates(Path dir, String node) {
    Path out = dir.resolve("foreign");
    Processes.check(Duration.ofMinutes(1), "bash",
        RepositoryFiles.root().resolve("scripts/make-certs.sh").toString(), "--out",
        out.toString(), node);
    return out;
  }

  private static Status.Code peerShards(int port, ChannelCredentials creds) {
    ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", port, creds).build();
    try {
      PeerGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
          .shards(ShardsRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      ch.shutdownNow();
    }
  }

  private static Status.Code increment(int port, ChannelCredentials creds) {
    ManagedChannel ch = Grpc.newChannelBuilderForAddress("localhost", port, creds).build();
    try {
      SwitchboardGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
          .call(CallRequest.newBuilder().setName("counter-1")
              .setPayload(ByteString.copyFromUtf8("increment")).build());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      ch.shutdownNow();
    }
  }
}
