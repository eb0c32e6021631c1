package io.switchboard.cluster.transport;

import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Who may call {@code Peer}: a connection whose remote address is an address of a member of the
 * current view (its advertised host, resolved). With mutual TLS on the peer plane the handshake
 * has already required a certificate signed by the CA; this check holds in plaintext too, so a
 * client that reaches the peer port from elsewhere cannot release, start or stop anything.
 *
 * <p>The resolved addresses are cached per view (one DNS round per view change, on the first call
 * after it). Thread-safe.
 */
public final class PeerAdmission {
  private final Supplier<@Nullable Membership> view;
  private volatile @Nullable Cached cached;

  /** @param view the current view, or {@code null} before the first one (then nobody is admitted) */
  public PeerAdmission(Supplier<@Nullable Membership> view) {
    this.view = view;
  }

  /** Why a call from {@code remote} is refused, or empty when it is admitted. */
  public Optional<String> refusal(@Nullable SocketAddress remote) {
    if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
      return Optional.of("the peer plane admits only members of the view; the caller's address "
          + remote + " is unknown");
    }
    Membership m = view.get();
    if (m == null) {
      return Optional.of("this node has no view yet");
    }
    Cached c = cached;
    if (c == null || c.view != m) {
      c = new Cached(m, resolve(m));
      cached = c;
    }
    InetAddress a = inet.getAddress();
    if (c.addresses.contains(a)) {
      return Optional.empty();
    }
    return Optional.of(a.getHostAddress() + " is not an address of a member of view "
        + m.epoch() + " (the peer plane admits only members)");
  }

  private static Set<InetAddress> resolve(Membership m) {
    Set<InetAddress> out = new HashSet<>();
    for (Member member : m.members()) {
      try {
        for (InetAddress a : InetAddress.getAllByName(member.host())) {
          out.add(a);
        }
      } catch (UnknownHostException e) {
        // a member whose name does not resolve here cannot be told apart: it is not admitted
      }
    }
    return out;
  }

  private record Cached(Membership view, Set<InetAddress> addresses) {}
}
