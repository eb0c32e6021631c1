package io.switchboard.cluster.remote;

import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.membership.Membership;
import io.switchboard.cluster.membership.MembershipService;
import io.switchboard.cluster.membership.ViewId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** A membership whose views the test sets: no JGroups, no failure detection. Thread-safe. */
final class StaticMembership implements MembershipService {
  private final Member self;
  private final List<Consumer<Membership>> listeners = new CopyOnWriteArrayList<>();
  private volatile Membership view;

  StaticMembership(Member self) {
    this.self = self;
    this.view = new Membership(new ViewId(self.name(), 1), List.of(self), self, 1);
  }

  /** Installs the next view with {@code members} (which must include this node). */
  synchronized void install(List<Member> members) {
    view = new Membership(new ViewId(members.get(0).name(), view.epoch() + 1), members, self,
        members.size());
    listeners.forEach(l -> l.accept(view));
  }

  @Override
  public void start() {}

  @Override
  public Membership current() {
    return view;
  }

  @Override
  public void addListener(Consumer<Membership> listener) {
    listeners.add(listener);
  }

  @Override
  public boolean send(String member, byte[] payload) {
    return false;
  }

  @Override
  public void onMessage(BiConsumer<String, byte[]> listener) {}

  @Override
  public void close() {}
}
