package io.switchboard.cluster.routing;

import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import io.switchboard.cluster.membership.Member;
import io.switchboard.cluster.transport.PeerClients;
import io.switchboard.proto.v1.ReleaseReply;
import io.switchboard.proto.v1.ReleaseRequest;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks several members at once to release a name ({@code Release}) and gathers the answers:
 * the state one of them handed back, whether any of them had run the name, and the first
 * refusal or failure. Never blocks.
 */
final class ReleaseAsk {
  /** What the members answered. {@code failure} non-null means: do not serve the name yet. */
  record Outcome(byte[] state, boolean anyRan, Reply.Failure<?> failure) {}

  private ReleaseAsk() {}

  static Promise<Outcome> ask(PeerClients peers, List<Member> members, ReleaseRequest req,
      io.switchboard.supervisor.Deadline deadline) {
    if (members.isEmpty()) {
      return Promise.completed(Reply.ok(new Outcome(null, false, null)));
    }
    Promise<Outcome> done = new Promise<>();
    AtomicInteger remaining = new AtomicInteger(members.size());
    AtomicReference<byte[]> state = new AtomicReference<>();
    AtomicReference<Reply.Failure<?>> failure = new AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
    long left = Math.max(1, Math.min(deadline.remainingNanos(),
        TimeUnit.SECONDS.toNanos(2)));
    String name = req.getName();
    for (Member m : members) {
      peers.stub(m).withDeadline(Deadline.after(left, TimeUnit.NANOSECONDS))
          .release(req, new StreamObserver<>() {
            @Override
            public void onNext(ReleaseReply reply) {
              if (reply.hasFenced()) {
                failure.compareAndSet(null, new Reply.Unavailable<>("release of '" + name
                    + "' fenced by " + m.name() + ": " + reply.getFenced().getReason()));
                return;
              }
              if (!reply.getReleased().getServerKind().isEmpty()) {
                ran.set(true);
              }
              if (reply.getReleased().getHasState()) {
                state.set(reply.getReleased().getState().toByteArray());
              }
            }

            @Override
            public void onError(Throwable t) {
              failure.compareAndSet(null, new Reply.Unavailable<>("member " + m.name()
                  + " did not release '" + name + "': " + t.getMessage()));
              finish();
            }

            @Override
            public void onCompleted() {
              finish();
            }

            private void finish() {
              if (remaining.decrementAndGet() == 0) {
                done.complete(Reply.ok(new Outcome(state.get(),
                    ran.get() || state.get() != null, failure.get())));
              }
            }
          });
    }
    return done;
  }
}
