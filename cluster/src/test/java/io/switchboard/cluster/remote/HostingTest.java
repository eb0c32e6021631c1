package io.switchboard.cluster.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.switchboard.proto.v1.ChildCallRequest;
import io.switchboard.proto.v1.HeartbeatPing;
import io.switchboard.proto.v1.HeartbeatPong;
import io.switchboard.proto.v1.PeerGrpc;
import io.switchboard.proto.v1.StartChildRequest;
import io.switchboard.proto.v1.StopChildRequest;
import io.switchboard.supervisor.ServerStatus;
import io.switchboard.testkit.Await;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hosting side's protocol rules, driven by raw gRPC requests to a real node. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostingTest {
  private static final String LINK = "s1/abc/1";
  private LocalNodes c;
  private LocalNodes.Node host;
  private PeerGrpc.PeerBlockingStub peer;

  @BeforeEach
  void start() throws Exception {
    c = new LocalNodes(2, RemoteSupervisionTest.FAST);
    host = c.node("n2");
    peer = PeerGrpc.newBlockingStub(c.node("n1").peers.stub(host.self).getChannel())
        .withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    c.close();
  }

  private StartChildRequest start(String child, long startId, int leaseMillis) {
    return StartChildRequest.newBuilder().setSupervisor("app").setSupervisorNode("s1")
        .setChild(child).setTemplate("counter").setLink(LINK).setLeaseMillis(leaseMillis)
        .setStartId(startId).build();
  }

  private HeartbeatPing ping(long seq, long... abandoned) {
    HeartbeatPing.Builder b = HeartbeatPing.newBuilder().setFromNode("s1").setLink(LINK)
        .setSeq(seq).setLeaseMillis(10_000);
    for (long id : abandoned) {
      b.addAbandoned(id);
    }
    return b.build();
  }

  /** A heartbeat stream whose pongs and end land in bounded queues. */
  private final class Stream {
    final BlockingQueue<HeartbeatPong> pongs = new ArrayBlockingQueue<>(100);
    final BlockingQueue<Status> end = new ArrayBlockingQueue<>(1);
    final StreamObserver<HeartbeatPing> pings = PeerGrpc.newStub(c.node("n1").peers
        .stub(host.self).getChannel()).heartbeat(new StreamObserver<>() {
          @Override
          public void onNext(HeartbeatPong p) {
            pongs.add(p);
          }

          @Override
          public void onError(Throwable t) {
            end.add(Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {
            end.add(Status.OK);
          }
        });

    HeartbeatPong next() throws InterruptedException {
      HeartbeatPong p = pongs.poll(5, TimeUnit.SECONDS);
      assertThat(p).as("a pong").isNotNull();
      return p;
    }
  }

  @Test
  void ping_unknownLink_refusedWithFailedPrecondition() throws Exception {
    Stream s = new Stream();
    s.pings.onNext(ping(1));
    Status end = s.end.poll(5, TimeUnit.SECONDS);
    assertThat(end).isNotNull();
    assertThat(end.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void startChild_onEstablishedLinkThatIsGone_refused() {
    assertThatThrownBy(() -> peer.startChild(start("a", 1, 10_000).toBuilder()
        .setLinkEstablished(true).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(
            e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
    assertThat(host.loops.status("a")).isNull();
  }

  @Test
  void ping_carriesAbandonedStartId_thatIncarnationStops() throws Exception {
    peer.startChild(start("a", 5, 10_000));
    peer.startChild(start("b", 6, 10_000));
    Stream s = new Stream();
    s.pings.onNext(ping(1, 5));
    assertThat(s.next().getSeq()).isEqualTo(1);
    Await.until("a to stop", Duration.ofSeconds(5), () -> host.loops.status("a") == null);
    assertThat(host.loops.status("b")).isEqualTo(ServerStatus.RUNNING);
    assertThat(host.remote.hosted()).containsExactly("b");
  }

  @Test
  void exit_isPushedAtOnce_withItsStartId() throws Exception {
    peer.startChild(start("a", 7, 10_000));
    Stream s = new Stream();
    s.pings.onNext(ping(1));
    s.next();
    ChildCallRequest reset = ChildCallRequest.newBuilder().setChild("a").setLink(LINK)
        .setStartId(7).setPayload(ByteString.copyFromUtf8("reset")).build();
    assertThatThrownBy(() -> peer.childCall(reset)).isInstanceOfSatisfying(
        StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED));
    HeartbeatPong pushed = s.next(); // no second ping needed
    assertThat(pushed.getSeq()).as("repeats the latest seq").isEqualTo(1);
    assertThat(pushed.getExitsList()).hasSize(1);
    assertThat(pushed.getExits(0).getStartId()).isEqualTo(7);
    assertThat(pushed.getExits(0).getReason()).startsWith("crash:");
    assertThat(pushed.getExits(0).getNormal()).isFalse();
    assertThat(host.loops.status("a")).as("forgotten: a restart is a fresh start").isNull();
  }

  @Test
  void noPing_pastTheLease_childrenFenced() {
    peer.startChild(start("a", 1, 300));
    assertThat(host.loops.status("a")).isEqualTo(ServerStatus.RUNNING);
    Await.until("the fence", Duration.ofSeconds(5), () -> host.loops.status("a") == null);
    assertThat(c.trace.events).contains("stop:a@n2:noconnection");
  }

  @Test
  void stopAndCall_otherIncarnation_notFound_thisOne_served() {
    peer.startChild(start("a", 3, 10_000));
    ChildCallRequest.Builder call = ChildCallRequest.newBuilder().setChild("a").setLink(LINK)
        .setPayload(ByteString.copyFromUtf8("read"));
    assertThatThrownBy(() -> peer.childCall(call.setStartId(2).build())).isInstanceOfSatisfying(
        StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThat(peer.childCall(call.setStartId(3).build()).getPayload().toStringUtf8())
        .isEqualTo("0");
    StopChildRequest.Builder stop = StopChildRequest.newBuilder().setChild("a").setLink(LINK)
        .setShutdownMillis(1_000);
    assertThat(peer.stopChild(stop.setStartId(2).build()).getReason()).isEqualTo("not_found");
    assertThat(host.loops.status("a")).isEqualTo(ServerStatus.RUNNING);
    assertThat(peer.stopChild(stop.setStartId(3).build()).getReason()).isEqualTo("shutdown");
    assertThat(host.loops.status("a")).isNull();
  }

  @Test
  void startChild_nameHeldForAnotherSupervisingNode_refused_sameNodeNewLink_replaces() {
    peer.startChild(start("a", 1, 10_000));
    StartChildRequest other = start("a", 1, 10_000).toBuilder().setSupervisorNode("s2")
        .setLink("s2/x/1").build();
    assertThatThrownBy(() -> peer.startChild(other)).isInstanceOfSatisfying(
        StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    StartChildRequest newer = start("a", 9, 10_000).toBuilder().setLink("s1/abc/2").build();
    assertThat(peer.startChild(newer).getNode()).isEqualTo("n2");
    assertThat(c.trace.count("start:a@n2")).isEqualTo(2);
    assertThat(c.trace.events).contains("stop:a@n2:{shutdown,replaced by link s1/abc/2}");
  }

  @Test
  void startChild_leaseOver60s_invalidArgumentNamingTheBound_60sAccepted() {
    for (int lease : new int[] {60_001, -1 /* uint32 max: 49 days */, Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> peer.startChild(start("a", 1, lease))).isInstanceOfSatisfying(
          StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains("at most 60000");
          });
    }
    assertThat(host.loops.status("a")).isNull();
    assertThat(peer.startChild(start("a", 1, 60_000)).getNode()).isEqualTo("n2");
  }

  @Test
  void ping_leaseOver60s_streamEndsWithInvalidArgument() throws Exception {
    peer.startChild(start("a", 1, 10_000));
    Stream s = new Stream();
    s.pings.onNext(ping(1).toBuilder().setLeaseMillis(24 * 24 * 3600 * 1000).build());
    Status end = s.end.poll(5, TimeUnit.SECONDS);
    assertThat(end).isNotNull();
    assertThat(end.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(end.getDescription()).contains("at most 60000");
  }

  @Test
  void heartbeat_moreStreamsThanTheBoundFromOnePeer_resourceExhausted_freedOnClose()
      throws Exception {
    peer.startChild(start("a", 1, 10_000));
    java.util.List<Stream> open = new java.util.ArrayList<>();
    for (int i = 0; i < RemoteConfig.MAX_STREAMS_PER_PEER; i++) {
      Stream s = new Stream();
      s.pings.onNext(ping(1));
      s.next();
      open.add(s);
    }
    Stream over = new Stream();
    over.pings.onNext(ping(1));
    Status end = over.end.poll(5, TimeUnit.SECONDS);
    assertThat(end).isNotNull();
    assertThat(end.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(end.getDescription()).contains("s1", "MAX_STREAMS_PER_PEER");

    Stream other = new Stream(); // another supervising node is not held back by s1's streams
    other.pings.onNext(ping(1).toBuilder().setFromNode("s2").build());
    assertThat(other.end.poll(5, TimeUnit.SECONDS).getCode())
        .isEqualTo(Status.Code.FAILED_PRECONDITION); // admitted; it simply has no link here

    open.get(0).pings.onCompleted();
    assertThat(open.get(0).end.poll(5, TimeUnit.SECONDS)).isEqualTo(Status.OK);
    Stream again = new Stream(); // the server released the slot before it completed the stream
    again.pings.onNext(ping(2));
    assertThat(again.next().getSeq()).isEqualTo(2);
    assertThat(again.end).isEmpty();
  }
}
