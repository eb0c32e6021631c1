package io.switchboard.cluster.membership;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable snapshot of one membership view, as seen by one node ({@link #self()}).
 *
 * <p><b>Epoch.</b> {@link #epoch()} is the view's number ({@link ViewId#id()}). It is strictly
 * increasing across the views one node installs, merged views included, so fencing can refuse any
 * placement decided under an older epoch. Two partitions may reach the same epoch independently;
 * their {@link ViewId#coordinator() coordinators} differ, and a merge afterwards installs an epoch
 * greater than both (see {@code JGroupsMembership} for why the numbers behave this way).
 *
 * <p><b>Quorum.</b> {@link #hasQuorum()} holds while the view has a strict majority of the expected
 * cluster size ({@code --expected-size}): 2 of 3, 3 of 4, 1 of 1. An even split (2 of 4) has no
 * quorum on either side, so neither side serves cluster-scoped names. A view larger than the
 * expected size has a quorum.
 *
 * <p>Thread-safe (immutable). Equality is by value.
 *
 * @param viewId who created this view and its number
 * @param members the members in view order (the coordinator first); names are distinct
 * @param self this node; always one of {@code members}
 * @param expectedSize the configured cluster size ({@code --expected-size}), at least 1
 */
public record Membership(ViewId viewId, List<Member> members, Member self, int expectedSize) {

  /** Validates the invariants: members non-empty with distinct names, self among them. */
  public Membership {
    Objects.requireNonNull(viewId, "viewId");
    Objects.requireNonNull(self, "self");
    members = List.copyOf(members);
    if (expectedSize < 1) {
      throw new IllegalArgumentException("expectedSize must be >= 1, was " + expectedSize);
    }
    if (!members.contains(self)) {
      throw new IllegalArgumentException("self " + self + " is not a member of " + members);
    }
    Set<String> names = new HashSet<>();
    for (Member m : members) {
      if (!names.add(m.name())) {
        throw new IllegalArgumentException("duplicate member name " + m.name() + " in " + members);
      }
    }
  }

  /** The fencing epoch of this view: its number, strictly increasing at every member. */
  public long epoch() {
    return viewId.id();
  }

  /** True when this view holds a strict majority of {@link #expectedSize()}. */
  public boolean hasQuorum() {
    return 2L * members.size() > expectedSize;
  }

  /** Number of members in this view. */
  public int size() {
    return members.size();
  }

  /** The member with this logical name, if it is in the view. */
  public Optional<Member> member(String name) {
    for (Member m : members) {
      if (m.name().equals(name)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The owner of a cluster-scoped name in this view ({@link Placement#owner}). */
  public Member owner(String name) {
    return Placement.owner(name, members);
  }

  /** True when this node owns the name in this view (it may still lack the quorum to serve it). */
  public boolean owns(String name) {
    return owner(name).equals(self);
  }

  /** One line for logs: {@code view=n1|7 epoch=7 members=n1,n2 size=2 expected=3 quorum=true}. */
  public String describe() {
    StringBuilder names = new StringBuilder();
    for (Member m : members) {
      names.append(names.length() == 0 ? "" : ",").append(m.name());
    }
    return "view="
        + viewId
        + " epoch="
        + epoch()
        + " members="
        + names
        + " size="
        + size()
        + " expected="
        + expectedSize
        + " quorum="
        + hasQuorum();
  }
}
