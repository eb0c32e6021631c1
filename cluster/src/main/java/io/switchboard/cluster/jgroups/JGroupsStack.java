package io.switchboard.cluster.jgroups;

import io.switchboard.cluster.transport.NodeCertificates;
import io.switchboard.cluster.ClusterConfig;
import io.switchboard.cluster.ClusterTimings;
import io.switchboard.cluster.Discovery;
import io.switchboard.cluster.membership.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.JChannel;
import org.jgroups.protocols.BARRIER;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.dns.DNS_PING;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;

/**
 * The programmatic JGroups stack, bottom to top — JGroups' {@code tcp.xml} with the timings of
 * {@link ClusterTimings} and nothing left to system properties or multicast:
 *
 * <pre>
 * TCP            bind_addr=--host bind_port=--cluster-port port_range=0 diag.enabled=false
 *                thread_pool.min_threads=0 thread_pool.max_threads=32 use_vthreads=false
 *                sock_conn_timeout=500ms
 *                socket_factory=mutual TLS ({@link TlsSockets})  (with --tls-*, see below)
 * TCPPING        initial_hosts=--seeds port_range=0
 *   or DNS_PING  dns_query=NAME dns_record_type=A          (--discovery dns:NAME)
 * MERGE3         min_interval=2s max_interval=5s
 * FD_SOCK2       bind_addr=--host offset=100 port_range=3  (listens on cluster-port+100..+103)
 * FD_ALL3        timeout=3s interval=1s
 * VERIFY_SUSPECT2 timeout=1s
 * BARRIER
 * NAKACK2        use_mcast_xmit=false
 * UNICAST3
 * STABLE
 * UniqueNames    refuses a join under the name of a live member ({@link UniqueNames})
 * GMS            join_timeout=2s print_local_addr=false
 * MFC
 * FRAG4
 * </pre>
 *
 * <p>Setters are used instead of property strings so that a renamed property fails the build, not
 * the node's start.
 *
 * <p><b>Mutual TLS</b> ({@code --tls-cert}, {@code --tls-key}, {@code --tls-ca}: {@link
 * ClusterConfig#peerTls()}). The issue asked: JGroups 5's TLS for TCP, or {@code SSL_KEY_EXCHANGE
 * + SYM_ENCRYPT}? <b>TLS for TCP</b>: the transport's sockets are TLS sockets (1.3 or 1.2) that
 * require a client certificate, from {@link TlsSockets}. Why:
 *
 * <ul>
 *   <li><b>Nothing before authentication.</b> Discovery (TCPPING, and DNS_PING's pings), joins,
 *       MERGE3 and every message travel over the transport's connections, so a peer without a
 *       certificate signed by the CA gets no byte through and learns nothing but the node's
 *       certificate — not the cluster name, not the members. With {@code SSL_KEY_EXCHANGE + SYM_ENCRYPT} only the message
 *       bodies are encrypted, with a group key fetched over a second SSL port; the transport and
 *       discovery stay plaintext, so an outsider still connects, reads names and addresses, and
 *       reaches the stack (where SYM_ENCRYPT drops its messages).
 *   <li><b>No shared secret.</b> SYM_ENCRYPT's key is held by every member and every former member
 *       until a view change rotates it; TLS keys belong to one connection (forward secret).
 *   <li><b>One set of files, one rotation.</b> The same {@link io.switchboard.client.tls.PemTls}
 *       serves gRPC, Ratis and JGroups; its reloading managers sit under every handshake.
 * </ul>
 *
 * <p>The factory is JGroups' {@code DefaultSocketFactory(SSLContext)} set on TCP, not TCP's {@code
 * TLS} component ({@code tcp.tls()}): in 5.5 that one takes an {@code SSLContext} too and builds
 * the same factory, but configures only the accepting side, and the connecting side needs a bound
 * on its handshake ({@link TlsSockets}). Its cost: one handshake per connection; connections live
 * as long as both members do.
 *
 * <p><b>Who is admitted.</b> A peer is admitted by its certificate alone: signed by the CA (chain,
 * dates, key usage), and a node certificate ({@link NodeCertificates}: not {@code client.pem}). No
 * host name is verified, in either direction: members dial the IP addresses they announce, and
 * those are whatever the container or VM was given, so a name check would only reject good nodes.
 * Whoever holds a node certificate and key of this CA may join — keep node keys on the nodes.
 *
 * <p><b>FD_SOCK2 stays plaintext.</b> It is handed the transport's socket factory, but its {@code
 * NioServer} opens NIO channels, which JGroups cannot wrap in TLS, so it listens in plaintext on
 * {@code cluster-port + 100 .. + 103}. What that exposes: anyone who connects and sends a CONNECT
 * gets the cluster name and this member's address — which here carries the node name, its gRPC
 * endpoint and its peer port ({@link MemberAddresses}). Nothing it receives changes state: SUSPECT
 * and UNSUSPECT arriving on its sockets are ignored; suspicions travel over the TLS transport and
 * VERIFY_SUSPECT2 checks them there before anyone is excluded. Someone on the path who resets a
 * member's FD_SOCK2 connection causes at most a suspicion that VERIFY_SUSPECT2 drops; one who keeps
 * it open hides a crash from FD_SOCK2 only, and FD_ALL3 (over TLS) still notices within its 3 s.
 * Firewall those ports to the cluster's network where the exposure matters. FD_SOCK, FD_SOCK2's
 * predecessor, would take the TLS factory (blocking sockets), but it is the design FD_SOCK2
 * replaced, and the timings above were measured with FD_SOCK2. Diagnostics (UDP probes) are off.
 */
final class JGroupsStack {

  /** Upper bound of the transport's thread pool (it grows by view size + 10 beyond, JGRP-2655). */
  static final int MAX_THREADS = 32;

  /** FD_SOCK2 listens this far above the cluster port. */
  static final int FD_SOCK_OFFSET = 100;

  /** FD_SOCK2 tries this many ports above {@code cluster port + offset}. */
  static final int FD_SOCK_PORT_RANGE = 3;

  /**
   * Bound of a TCP connect to a member, in ms (JGroups' default: 2000). The transport's bundler
   * thread connects synchronously, so a connect to a member whose host vanished (a killed
   * container or VM: its address drops SYNs, nothing answers RST as on loopback) stalls the sends
   * to every other member for this long. At 2 s, two such stalls in a row outlast FD_ALL3's 3 s
   * timeout and the survivors suspect each other: seen in ContainerFaultsIT, where the two
   * survivors of a {@code docker kill} fell into singleton views, without quorum, for minutes.
   */
  static final int CONNECT_TIMEOUT_MS = 500;

  private JGroupsStack() {}

  /** A new, unconnected channel for {@code config}, named after the node. */
  static JChannel newChannel(ClusterConfig config) throws Exception {
    InetAddress bind = InetAddress.getByName(config.bindHost());
    JChannel channel = new JChannel(protocols(config, bind));
    channel.getProtocolStack().getTransport().getDiagnosticsHandler().setEnabled(false);
    channel.setName(config.nodeName());
    channel.addAddressGenerator(MemberAddresses.generator(config.self()));
    return channel;
  }

  /** The protocols, bottom (transport) first, as {@link JChannel#JChannel(List)} wants them. */
  static List<Protocol> protocols(ClusterConfig config, InetAddress bind)
      throws UnknownHostException {
    ClusterTimings t = config.timings();
    TCP tcp = new TCP();
    tcp.setBindAddress(bind);
    tcp.setBindPort(config.clusterPort());
    tcp.setPortRange(0);
    tcp.useVirtualThreads(false);
    tcp.getThreadPool().setMinThreads(0).setMaxThreads(MAX_THREADS);
    tcp.setSockConnTimeout(CONNECT_TIMEOUT_MS);
    config.peerTls().ifPresent(tls -> tcp.setSocketFactory(TlsSockets.factory(tls, tcp::getTimer)));

    List<Protocol> stack = new ArrayList<>();
    stack.add(tcp);
    stack.add(discovery(config.discovery()));
    stack.add(
        new MERGE3()
            .setMinInterval(t.mergeMinInterval().toMillis())
            .setMaxInterval(t.mergeMaxInterval().toMillis()));
    stack.add(
        new FD_SOCK2()
            .setBindAddress(bind)
            .setOffset(FD_SOCK_OFFSET)
            .setPortRange(FD_SOCK_PORT_RANGE));
    stack.add(
        new FD_ALL3()
            .setTimeout(t.heartbeatTimeout().toMillis())
            .setInterval(t.heartbeatInterval().toMillis()));
    stack.add(new VERIFY_SUSPECT2().setTimeout(t.verifySuspectTimeout().toMillis()));
    stack.add(new BARRIER());
    stack.add(new NAKACK2().useMcastXmit(false));
    stack.add(new UNICAST3());
    stack.add(new STABLE());
    stack.add(new UniqueNames(config.clusterName()));
    stack.add(new GMS().setJoinTimeout(t.joinTimeout().toMillis()).printLocalAddress(false));
    stack.add(new MFC());
    stack.add(new FRAG4());
    return stack;
  }

  private static Protocol discovery(Discovery discovery) throws UnknownHostException {
    if (discovery instanceof Discovery.Dns dns) {
      return new DNS_PING().dnsQuery(dns.query()).dnsRecordType("A");
    }
    List<InetSocketAddress> hosts = new ArrayList<>();
    for (HostPort seed : ((Discovery.Seeds) discovery).hosts()) {
      hosts.add(new InetSocketAddress(InetAddress.getByName(seed.host()), seed.port()));
    }
    TCPPING ping = new TCPPING();
    ping.setInitialHosts(hosts);
    ping.setPortRange(0);
    return ping;
  }
}
