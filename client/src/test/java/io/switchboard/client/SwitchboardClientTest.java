package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against real gRPC servers on loopback TCP (no mocked transport). */
@Timeout(30)
class SwitchboardClientTest {
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T open(T c) {
    open.add(c);
    return c;
  }

  private TestNode node(TestNode n) {
    return open(n);
  }

  private SwitchboardClient client(SwitchboardClient.Builder b) {
    return open(b.build());
  }

  @Test
  void call_utf8Codec_returnsDecodedReply() throws IOException {
    TestNode a = node(TestNode.echo("a"));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target()));
    assertThat(client.call("counter-1", "read", ClientCodec.utf8())).isEqualTo("a:read");
  }

  @Test
  void call_rawBytes_returnsRawReply() throws IOException {
    TestNode a = node(TestNode.echo("a"));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target()));
    byte[] reply = client.call("counter-1", new byte[] {1, 2}, Duration.ofSeconds(2));
    assertThat(reply).containsExactly('a', ':', 1, 2);
  }

  @Test
  void call_errorStatus_throwsWithCodeAndDescription() throws IOException {
    TestNode a = node(TestNode.failing("a",
        Status.NOT_FOUND.withDescription("no server or template matches nosuch-1")));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target()));
    SwitchboardException e = catchThrowableOfType(SwitchboardException.class,
        () -> client.call("nosuch-1", "read", ClientCodec.utf8()));
    assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.description()).isEqualTo("no server or template matches nosuch-1");
    assertThat(e).hasMessage("NOT_FOUND: no server or template matches nosuch-1");
  }

  @Test
  void call_badName_invalidArgumentBeforeAnythingIsSent() throws IOException {
    TestNode a = node(TestNode.echo("a"));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target()));
    for (String bad : new String[] {"", "counter-1\nforged=1", "x".repeat(1025)}) {
      assertThatThrownBy(() -> client.call(bad, "read", ClientCodec.utf8()))
          .isInstanceOfSatisfying(SwitchboardException.class,
              e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
      assertThatThrownBy(() -> client.castAsync(bad, new byte[0]))
          .isInstanceOf(SwitchboardException.class);
      assertThatThrownBy(() -> client.whereIs(bad)).isInstanceOf(SwitchboardException.class);
    }
    assertThatThrownBy(() -> client.call("c\u0000", "read", ClientCodec.utf8()))
        .hasMessage("INVALID_ARGUMENT: a server name must be printable: U+0000 at index 1 is a"
            + " control, format or unassigned character");
    assertThat(a.calls).hasValue(0);
    assertThat(a.casts).hasValue(0);
  }

  @Test
  void call_unavailableOnFirstTarget_retriedOnSecond() throws IOException {
    TestNode a = node(TestNode.failing("a", Status.UNAVAILABLE.withDescription("no quorum")));
    TestNode b = node(TestNode.echo("b"));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target(), b.target()));
    assertThat(client.call("counter-1", "read", ClientCodec.utf8())).isEqualTo("b:read");
    assertThat(a.calls).hasValue(1);
    assertThat(b.calls).hasValue(1);
  }

  @Test
  void call_firstTargetNotListening_retriedOnSecond() throws IOException {
    TestNode b = node(TestNode.echo("b"));
    SwitchboardClient client = open(SwitchboardClient.connect(closedPort(), b.target()));
    assertThat(client.call("counter-1", "read", ClientCodec.utf8())).isEqualTo("b:read");
  }

  @Test
  void call_aborted_notRetried() throws IOException {
    TestNode a = node(TestNode.failing("a", Status.ABORTED.withDescription("crash: bug")));
    TestNode b = node(TestNode.echo("b"));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target(), b.target()));
    assertThatThrownBy(() -> client.call("counter-1", "reset", ClientCodec.utf8()))
        .isInstanceOfSatisfying(SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.ABORTED))
        .hasMessageContaining("crash: bug");
    assertThat(b.calls).hasValue(0);
  }

  @Test
  void call_deadlineExceededOnServer_notRetried() throws IOException {
    TestNode a = node(TestNode.failing("a", Status.DEADLINE_EXCEEDED));
    TestNode b = node(TestNode.echo("b"));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target(), b.target()));
    assertThatThrownBy(() -> client.call("counter-1", "read", ClientCodec.utf8()))
        .isInstanceOfSatisfying(SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    assertThat(b.calls).hasValue(0);
  }

  @Test
  void call_serverNeverAnswers_deadlineExceededAtTheDeadline() throws Exception {
    TestNode a = node(TestNode.hanging("a"));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target()));
    long start = System.nanoTime();
    assertThatThrownBy(() -> client.call("counter-1", "read", ClientCodec.utf8(),
        Duration.ofMillis(300)))
        .isInstanceOfSatisfying(SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(tookMillis).isBetween(250L, 3_000L);
    assertThat(a.cancelled.await(5, TimeUnit.SECONDS)).as("server saw the deadline").isTrue();
  }

  @Test
  void call_defaultTimeout_applies() throws IOException {
    TestNode a = node(TestNode.hanging("a"));
    SwitchboardClient client = client(SwitchboardClient.builder().targets(a.target())
        .defaultTimeout(Duration.ofMillis(200)));
    assertThatThrownBy(() -> client.call("counter-1", "read", ClientCodec.utf8()))
        .isInstanceOfSatisfying(SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
  }

  @Test
  void call_unavailableEverywhere_stopsAfterMaxAttempts() throws IOException {
    TestNode a = node(TestNode.failing("a", Status.UNAVAILABLE.withDescription("leaving")));
    SwitchboardClient client = client(SwitchboardClient.builder().targets(a.target())
        .maxAttempts(4).backoff(Duration.ofMillis(1), Duration.ofMillis(5)));
    SwitchboardException e = catchThrowableOfType(SwitchboardException.class,
        () -> client.call("counter-1", "read", ClientCodec.utf8()));
    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getSuppressed()).hasSize(3);
    assertThat(a.calls).hasValue(4);
  }

  @Test
  void call_backoffLongerThanDeadline_noRetryAndLastErrorReturned() throws IOException {
    TestNode a = node(TestNode.failing("a", Status.UNAVAILABLE.withDescription("not ready")));
    SwitchboardClient client = client(SwitchboardClient.builder().targets(a.target())
        .maxAttempts(10).backoff(Duration.ofSeconds(2), Duration.ofSeconds(2)));
    long start = System.nanoTime();
    assertThatThrownBy(() -> client.call("counter-1", "read", ClientCodec.utf8(),
        Duration.ofMillis(500)))
        .isInstanceOfSatisfying(SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(500);
    assertThat(a.calls).hasValue(1);
  }

  @Test
  void call_retriesInsideDeadline_neverPastIt() throws IOException {
    TestNode a = node(TestNode.failing("a", Status.UNAVAILABLE));
    SwitchboardClient client = client(SwitchboardClient.builder().targets(a.target())
        .maxAttempts(100).backoff(Duration.ofMillis(20), Duration.ofMillis(40)));
    long start = System.nanoTime();
    assertThatThrownBy(() -> client.call("counter-1", "read", ClientCodec.utf8(),
        Duration.ofMillis(400)))
        .isInstanceOfSatisfying(SwitchboardException.class,
            e -> assertThat(e.code()).isIn(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_500);
    assertThat(a.calls.get()).isBetween(2, 99);
  }

  @Test
  void calls_roundRobin_spreadEvenlyOverTargets() throws IOException {
    TestNode a = node(TestNode.echo("a"));
    TestNode b = node(TestNode.echo("b"));
    TestNode c = node(TestNode.echo("c"));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target(), b.target(),
        c.target()));
    List<String> answeredBy = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      answeredBy.add(client.call("counter-1", "x", ClientCodec.utf8()).substring(0, 1));
    }
    assertThat(answeredBy).containsExactly("a", "b", "c", "a", "b", "c");
  }

  @Test
  void cast_queued_returnsAndReachesServer() throws IOException {
    TestNode a = node(TestNode.echo("a"));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target()));
    client.cast("counter-1", "increment", ClientCodec.utf8());
    client.cast("counter-1", "increment".getBytes(StandardCharsets.UTF_8));
    assertThat(a.casts).hasValue(2);
  }

  @Test
  void cast_errorStatus_throws() throws IOException {
    TestNode a = node(TestNode.failing("a", Status.RESOURCE_EXHAUSTED.withDescription("full")));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target()));
    assertThatThrownBy(() -> client.cast("counter-1", "increment", ClientCodec.utf8()))
        .isInstanceOfSatisfying(SwitchboardException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }

  @Test
  void whereIs_members_tree_mapTheReplies() throws IOException {
    TestNode a = node(TestNode.echo("a"));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target()));
    assertThat(client.whereIs("counter-1")).isEqualTo(new Owner("a", a.target(), 7));
    Membership m = client.members(Duration.ofSeconds(2));
    assertThat(m.self()).isEqualTo("a");
    assertThat(m.names()).containsExactly("a", "other");
    assertThat(m.members().get(0).endpoint()).isEqualTo(a.target());
    assertThat(m.epoch()).isEqualTo(3);
    assertThat(m.expectedSize()).isEqualTo(2);
    assertThat(m.quorum()).isTrue();
    assertThat(client.tree().getRoots(0).getName()).isEqualTo("demo");
  }

  @Test
  void callAsync_completesWithDecodedReply() throws Exception {
    TestNode a = node(TestNode.echo("a"));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target()));
    CompletableFuture<String> f = client.callAsync("counter-1", "read", ClientCodec.utf8());
    assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("a:read");
  }

  @Test
  void callAsync_cancelled_cancelsTheCallOnTheServer() throws Exception {
    TestNode a = node(TestNode.hanging("a"));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target()));
    CompletableFuture<String> f = client.callAsync("counter-1", "read", ClientCodec.utf8(),
        Duration.ofSeconds(20));
    while (a.calls.get() == 0) {
      Thread.onSpinWait();
    }
    f.cancel(false);
    assertThat(a.cancelled.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void call_decodeFails_codecExceptionReachesCaller() throws IOException {
    TestNode a = node(TestNode.echo("a"));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target()));
    ClientCodec<String, Integer> number = new ClientCodec<>() {
      @Override
      public byte[] encode(String input) {
        return input.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public Integer decode(byte[] reply) {
        return Integer.parseInt(new String(reply, StandardCharsets.UTF_8));
      }
    };
    assertThatThrownBy(() -> client.call("counter-1", "read", number))
        .isInstanceOf(NumberFormatException.class);
  }

  @Test
  void call_afterClose_failsFast() throws IOException {
    TestNode a = node(TestNode.echo("a"));
    SwitchboardClient client = SwitchboardClient.connect(a.target());
    client.close();
    client.close();
    assertThatThrownBy(() -> client.call("counter-1", "read", ClientCodec.utf8()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void builder_badOptions_failFastWithHowToFix() {
    assertThatThrownBy(() -> SwitchboardClient.builder().build())
        .hasMessageContaining("at least one target");
    assertThatThrownBy(() -> SwitchboardClient.connect("localhost"))
        .hasMessageContaining("host:port");
    assertThatThrownBy(() -> SwitchboardClient.connect("::1:50051"))
        .hasMessageContaining("[addr]:port");
    assertThatThrownBy(() -> SwitchboardClient.connect("h:70000"))
        .hasMessageContaining("host:port");
    assertThatThrownBy(() -> SwitchboardClient.builder().targets("h:1").maxAttempts(0).build())
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> SwitchboardClient.builder().defaultTimeout(Duration.ZERO))
        .hasMessageContaining("positive");
    SwitchboardClient v6 = open(SwitchboardClient.connect("[::1]:50051"));
    assertThat(v6.targets()).containsExactly("[::1]:50051");
  }

  @Test
  void call_interrupted_cancelledAndInterruptKept() throws Exception {
    TestNode a = node(TestNode.hanging("a"));
    SwitchboardClient client = open(SwitchboardClient.connect(a.target()));
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> client.call("counter-1", "read", ClientCodec.utf8()))
          .isInstanceOfSatisfying(SwitchboardException.class,
              e -> assertThat(e.code()).isEqualTo(Status.Code.CANCELLED));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  /** A loopback port with nobody listening: bound once, then released. */
  private static String closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "127.0.0.1:" + s.getLocalPort();
    }
  }
}
