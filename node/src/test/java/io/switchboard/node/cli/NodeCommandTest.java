package io.switchboard.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.Discovery;
import io.switchboard.node.Main;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The {@code node} command's flags: values, environment variables, and refusals (exit 2). */
class NodeCommandTest {

  @Test
  void badFlagValue_clearErrorExit2() {
    assertUsage(Cli.run("node", "--grpc-port", "abc"), "--grpc-port", "not a port");
    assertUsage(Cli.run("node", "--http-port", "70000"), "--http-port", "0..65535");
    assertUsage(Cli.run("node", "--max-message-bytes", "lots"), "--max-message-bytes",
        "byte size");
    assertUsage(Cli.run("node", "--shutdown-timeout", "10"), "--shutdown-timeout",
        "duration");
    assertUsage(Cli.run("node", "--seeds", "nohost"), "--seeds", "host:port");
    assertUsage(Cli.run("node", "--discovery", "ldap:x"), "--discovery", "dns:NAME");
    assertUsage(Cli.run("node", "--app", "nope"), "--app", "demo");
    assertUsage(Cli.run("node", "--name", "bad name!"), "--name", "letters");
    assertUsage(Cli.run("node", "--loops", "0"), "--loops", "1..1024");
    assertUsage(Cli.run("node", "--discovery", "dns:sb"), "--expected-size", "");
    assertUsage(Cli.run("node", "--seeds", "a:1", "--discovery", "dns:sb",
        "--expected-size", "3"), "--seeds and --discovery", "");
  }

  @Test
  void badEnvironmentValue_sameErrorExit2() {
    assertUsage(Cli.run(Map.of("SWITCHBOARD_GRPC_PORT", "abc"), "node"), "--grpc-port",
        "not a port");
  }

  @Test
  void everyOption_readsItsEnvironmentVariable() {
    Map<String, String> env = Map.ofEntries(
        Map.entry("SWITCHBOARD_NAME", "envnode"),
        Map.entry("SWITCHBOARD_HOST", "10.1.2.3"),
        Map.entry("SWITCHBOARD_GRPC_PORT", "6001"),
        Map.entry("SWITCHBOARD_HTTP_PORT", "6002"),
        Map.entry("SWITCHBOARD_CLUSTER_PORT", "6003"),
        Map.entry("SWITCHBOARD_SEEDS", "a:1,b:2"),
        Map.entry("SWITCHBOARD_EXPECTED_SIZE", "3"),
        Map.entry("SWITCHBOARD_DATA_DIR", "/var/lib/sb"),
        Map.entry("SWITCHBOARD_MAX_MESSAGE_BYTES", "1MiB"),
        Map.entry("SWITCHBOARD_LOOPS", "3"),
        Map.entry("SWITCHBOARD_INBOX_CAPACITY", "500"),
        Map.entry("SWITCHBOARD_SHUTDOWN_TIMEOUT", "20s"),
        Map.entry("SWITCHBOARD_CLUSTER_NAME", "staging"),
        Map.entry("SWITCHBOARD_PEER_PORT", "6004"),
        Map.entry("SWITCHBOARD_SHARDS", "16"),
        Map.entry("SWITCHBOARD_REPLICAS", "5"),
        Map.entry("SWITCHBOARD_ADVERTISE_HOST", "n1.example"),
        Map.entry("SWITCHBOARD_REPLACE_AFTER", "45s"),
        Map.entry("SWITCHBOARD_APP", "demo,bank"),
        Map.entry("SWITCHBOARD_APP_PATH", "/app/plugins"),
        Map.entry("SWITCHBOARD_APP_CONFIG", "/etc/switchboard/app.properties"),
        Map.entry("SWITCHBOARD_TLS_CERT", "/certs/n1.pem"),
        Map.entry("SWITCHBOARD_TLS_KEY", "/certs/n1-key.pem"),
        Map.entry("SWITCHBOARD_TLS_CA", "/certs/ca.pem"),
        Map.entry("SWITCHBOARD_CLIENT_TLS", "require"));
    NodeCommand node = parse(env);
    assertThat(node.name).isEqualTo("envnode");
    assertThat(node.host).isEqualTo("10.1.2.3");
    assertThat(node.grpcPort).isEqualTo(6001);
    assertThat(node.httpPort).isEqualTo(6002);
    assertThat(node.clusterPort).isEqualTo(6003);
    assertThat(node.seeds.hosts()).hasSize(2);
    assertThat(node.expectedSize).isEqualTo(3);
    assertThat(node.dataDir).isEqualTo(Path.of("/var/lib/sb"));
    assertThat(node.maxMessageBytes).isEqualTo(1 << 20);
    assertThat(node.loops).isEqualTo(3);
    assertThat(node.inboxCapacity).isEqualTo(500);
    assertThat(node.shutdownTimeout).isEqualTo(Duration.ofSeconds(20));
    assertThat(node.clusterName).isEqualTo("staging");
    assertThat(node.peerPort).isEqualTo(6004);
    assertThat(node.shards).isEqualTo(16);
    assertThat(node.replicas).isEqualTo(5);
    assertThat(node.advertiseHost).isEqualTo("n1.example");
    assertThat(node.replaceAfter).isEqualTo(Duration.ofSeconds(45));
    assertThat(node.apps).containsExactly("demo", "bank");
    assertThat(node.appPath).isEqualTo(Path.of("/app/plugins"));
    assertThat(node.appConfig).isEqualTo(Path.of("/etc/switchboard/app.properties"));
    assertThat(node.tlsCert).isEqualTo(Path.of("/certs/n1.pem"));
    assertThat(node.tlsKey).isEqualTo(Path.of("/certs/n1-key.pem"));
    assertThat(node.tlsCa).isEqualTo(Path.of("/certs/ca.pem"));
    assertThat(node.clientTls).isEqualTo("require");
    NodeCommand dns = parse(Map.of("SWITCHBOARD_DISCOVERY", "dns:switchboard"));
    assertThat(dns.discovery).isEqualTo(new Discovery.Dns("switchboard"));
    CommandLine cl = Main.commandLine(Map.of()).getSubcommands().get("node");
    for (OptionSpec o : cl.getCommandSpec().options()) {
      if (!o.usageHelp()) {
        assertThat(env.containsKey(EnvDefaults.variable(o))
            || EnvDefaults.variable(o).equals("SWITCHBOARD_DISCOVERY")).as(o.longestName())
            .isTrue();
      }
    }
  }

  @Test
  void flag_winsOverEnvironment() {
    CommandLine cl = Main.commandLine(Map.of("SWITCHBOARD_GRPC_PORT", "6001"));
    cl.parseArgs("node", "--grpc-port", "7001");
    NodeCommand node = cl.getSubcommands().get("node").getCommand();
    assertThat(node.grpcPort).isEqualTo(7001);
  }

  @Test
  void defaults_designValues() {
    NodeCommand node = parse(Map.of());
    assertThat(node.host).isEqualTo("127.0.0.1");
    assertThat(node.grpcPort).isEqualTo(50051);
    assertThat(node.httpPort).isEqualTo(9464);
    assertThat(node.clusterPort).isEqualTo(7800);
    assertThat(node.apps).containsExactly("demo");
    assertThat(node.appPath).isNull();
    assertThat(node.maxMessageBytes).isEqualTo(4 * 1024 * 1024);
    assertThat(node.inboxCapacity).isEqualTo(10_000);
    assertThat(node.clusterName).isEqualTo("switchboard");
  }

  @Test
  void clusterName_notAName_usageExit2() {
    assertUsage(Cli.run("node", "--cluster-name", "a b"), "--cluster-name", "letters, digits");
    assertUsage(Cli.run(Map.of("SWITCHBOARD_CLUSTER_NAME", "-x"), "node"), "--cluster-name",
        "starting with a letter or digit");
  }

  @Test
  void tlsFlags_incompleteOrUnreadableOrClientTlsWithoutThem_usageExit2() {
    assertUsage(Cli.run("node", "--tls-cert", "/nowhere/n1.pem"), "--tls-cert",
        "go together (got only --tls-cert)");
    assertUsage(Cli.run("node", "--tls-cert", "/nowhere/n1.pem", "--tls-key", "/nowhere/k.pem",
        "--tls-ca", "/nowhere/ca.pem"), "/nowhere/ca.pem", "cannot read");
    assertUsage(Cli.run("node", "--client-tls", "require"), "--client-tls require",
        "needs --tls-cert, --tls-key and --tls-ca");
    assertUsage(Cli.run("node", "--client-tls", "maybe"), "--client-tls",
        "off, optional or require");
  }

  private static NodeCommand parse(Map<String, String> env) {
    CommandLine cl = Main.commandLine(env);
    cl.parseArgs("node");
    return cl.getSubcommands().get("node").getCommand();
  }

  private static void assertUsage(Cli r, String flag, String hint) {
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(flag).contains(hint);
  }
}
