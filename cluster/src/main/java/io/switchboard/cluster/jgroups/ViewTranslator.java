package io.switchboard.cluster.jgroups;

import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.membership.ViewId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jgroups.Address;
import org.jgroups.View;

/**
 * Turns a JGroups {@link View} into a {@link Membership}. Pure and thread-safe.
 *
 * <p>Two rules keep the snapshot usable for placement:
 *
 * <ul>
 *   <li>an address without a Switchboard endpoint (see {@link MemberAddresses}) is left out: it
 *       cannot own names. Leaving it out can only lower the member count, so it never grants a
 *       quorum that the real nodes lack;
 *   <li>one logical name appears once. A node that restarted under its old name can briefly be in
 *       the view twice, until the dead incarnation is suspected; the later incarnation (later in
 *       view order, i.e. the one that joined last) wins, except that this node always keeps itself.
 * </ul>
 */
final class ViewTranslator {

  private ViewTranslator() {}

  /** The snapshot, plus the addresses that were left out and why (for one warning line). */
  record Translation(Membership membership, List<String> skipped) {
    Translation {
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Translates {@code view} as seen by the member at {@code selfAddress}.
   *
   * @throws IllegalArgumentException if this node's own address carries no endpoint or is not in
   *     the view (JGroups never delivers such a view)
   */
  static Translation translate(View view, Address selfAddress, int expectedSize) {
    Member self =
        MemberAddresses.decode(selfAddress)
            .orElseThrow(
                () -> new IllegalArgumentException("own address has no endpoint: " + selfAddress));
    Map<String, Address> byName = new LinkedHashMap<>();
    Map<Address, Member> members = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    for (Address address : view.getMembers()) {
      Member m = MemberAddresses.decode(address).orElse(null);
      if (m == null) {
        skipped.add(address + " (no endpoint)");
        continue;
      }
      Address previous = byName.get(m.name());
      if (previous != null && previous.equals(selfAddress)) {
        skipped.add(address + " (duplicate of self " + m.name() + ")");
        continue;
      }
      if (previous != null) {
        skipped.add(previous + " (older incarnation of " + m.name() + ")");
        members.remove(previous);
      }
      byName.put(m.name(), address);
      members.put(address, m);
    }
    Address creator = view.getCreator();
    String coordinator =
        MemberAddresses.decode(creator).map(Member::name).orElse(String.valueOf(creator));
    ViewId id = new ViewId(coordinator, view.getViewId().getId());
    return new Translation(
        new Membership(id, new ArrayList<>(members.values()), self, expectedSize), skipped);
  }
}
