package io.switchboard.cluster.remote;

import io.grpc.stub.StreamObserver;
import io.switchboard.cluster.transport.GrpcReplies;
import io.switchboard.proto.v1.StartChildReply;
import io.switchboard.proto.v1.StartChildRequest;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one hosted child: frees its name if an older link of the same supervising node held it,
 * builds the server from the node's {@link RemoteTemplates}, starts it on the node's loops, and
 * answers. A child fenced or stopped while it was starting is stopped again and the start fails,
 * so a late start never leaves an orphan. Never blocks; continuations run on loop threads.
 */
final class HostedStarts {
  private static final Logger log = LoggerFactory.getLogger(HostedStarts.class);

  private final RemoteContext ctx;
  private final Hosting hosting;

  HostedStarts(RemoteContext ctx, Hosting hosting) {
    this.ctx = ctx;
    this.hosting = hosting;
  }

  void start(HostedChild h, HostedChild replaced, StartChildRequest req,
      StreamObserver<StartChildReply> out) {
    Promise<Void> freed = replaced == null ? Promise.completed(Reply.ok(null))
        : ctx.loops().stopAsync(h.name, ExitReason.shutdown("replaced by link " + h.link.id));
    freed.onComplete(r -> create(h, req, out));
  }

  private void create(HostedChild h, StartChildRequest req, StreamObserver<StartChildReply> out) {
    GenServer<?, ?, ?> server;
    try {
      Optional<GenServer<?, ?, ?>> made = ctx.templates().create(req.getTemplate(),
          req.getArgs().toByteArray(), h.name);
      if (made.isEmpty()) {
        log.warn("event=remote_start_refused node={} child={} template={} reason=no_template",
            ctx.self(), h.name, req.getTemplate());
        fail(h, out, new Reply.NotFound<>(h.name));
        return;
      }
      server = made.get();
    } catch (RuntimeException e) {
      fail(h, out, new Reply.Crashed<>(h.name, "template '" + req.getTemplate() + "' failed: "
          + e));
      return;
    }
    if (!hosting.isCurrent(h)) {
      fail(h, out, new Reply.Unavailable<>("stopped or fenced while starting"));
      return;
    }
    ctx.loops().startAsync(h.name, server, (name, reason, report) -> hosting.onExit(h, reason))
        .onComplete(r -> started(h, r, out));
  }

  private void started(HostedChild h, Reply<Void> r, StreamObserver<StartChildReply> out) {
    if (r instanceof Reply.Failure<Void> f) {
      fail(h, out, f);
      return;
    }
    if (!hosting.isCurrent(h)) {
      ctx.loops().stopAsync(h.name, new ExitReason.NoConnection(h.link.supervisorNode));
      fail(h, out, new Reply.Unavailable<>("fenced while starting"));
      return;
    }
    log.info("event=remote_child_hosted node={} child={} supervisor_node={} link={} start_id={}",
        ctx.self(), h.name, h.link.supervisorNode, h.link.id, h.startId);
    out.onNext(reply(h.name));
    out.onCompleted();
  }

  private StartChildReply reply(String name) {
    return StartChildReply.newBuilder().setNode(ctx.self())
        .setLoop(ctx.loops().loopOf(name).name()).build();
  }

  private void fail(HostedChild h, StreamObserver<StartChildReply> out, Reply.Failure<?> why) {
    hosting.forget(h);
    out.onError(GrpcReplies.toStatus(why).asRuntimeException());
  }
}
