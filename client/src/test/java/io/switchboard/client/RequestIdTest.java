package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Request ids as the node sees them (real gRPC servers on loopback TCP): one per logical call,
 * made by the client or given by the caller, the same on every retry of that call.
 */
@Timeout(30)
class RequestIdTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

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

  /** A client of {@code node} that retries at once-ish: 3 attempts, 1..5 ms backoff. */
  private SwitchboardClient client(TestNode node) {
    return open(SwitchboardClient.builder().targets(node.target()).maxAttempts(3)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build());
  }

  @Test
  void call_noIdGiven_sends16BytesDifferentPerCall() throws IOException {
    TestNode a = open(TestNode.echo("a"));
    SwitchboardClient client = client(a);
    client.call("counter-1", "increment", ClientCodec.utf8());
    client.call("counter-1", "increment".getBytes(StandardCharsets.UTF_8), TIMEOUT);
    assertThat(a.requestIds).hasSize(2).allSatisfy(id -> assertThat(id.size()).isEqualTo(16));
    assertThat(a.requestIds.get(0)).isNotEqualTo(a.requestIds.get(1));
  }

  @Test
  void call_firstAttemptUnavailable_retryCarriesTheSameId() throws IOException {
    TestNode a = open(TestNode.failingFirst("a", 2));
    SwitchboardClient client = client(a);
    assertThat(client.call("counter-1", "increment", ClientCodec.utf8()))
        .isEqualTo("a:increment");
    assertThat(a.calls).hasValue(3);
    assertThat(a.requestIds).hasSize(3).containsOnly(a.requestIds.get(0));
    assertThat(a.requestIds.get(0).size()).isEqualTo(16);
    client.call("counter-1", "read", ClientCodec.utf8());
    assertThat(a.requestIds.get(3)).as("the next logical call").isNotEqualTo(a.requestIds.get(0));
  }

  @Test
  void cast_firstAttemptUnavailable_retryCarriesTheSameIdAndNextCastANewOne()
      throws IOException {
    TestNode a = open(TestNode.failingFirst("a", 1));
    SwitchboardClient client = client(a);
    client.cast("counter-1", "increment", ClientCodec.utf8());
    client.cast("counter-1", "increment".getBytes(StandardCharsets.UTF_8));
    assertThat(a.casts).hasValue(3);
    assertThat(a.requestIds.get(0).size()).isEqualTo(16);
    assertThat(a.requestIds.get(1)).isEqualTo(a.requestIds.get(0));
    assertThat(a.requestIds.get(2)).isNotEqualTo(a.requestIds.get(0));
  }

  @Test
  void call_ownId_sentAsGivenOnEveryAttempt() throws IOException {
    TestNode a = open(TestNode.failingFirst("a", 1));
    SwitchboardClient client = client(a);
    byte[] id = "order-4711".getBytes(StandardCharsets.UTF_8);
    assertThat(client.call("counter-1", "increment", ClientCodec.utf8(), id, TIMEOUT))
        .isEqualTo("a:increment");
    byte[] max = new byte[SwitchboardClient.MAX_REQUEST_ID_BYTES];
    max[63] = 9;
    client.call("counter-1", new byte[] {1}, max, TIMEOUT);
    client.cast("counter-1", "increment", ClientCodec.utf8(), id, TIMEOUT);
    client.cast("counter-1", new byte[] {1}, max, TIMEOUT);
    ByteString given = ByteString.copyFrom(id);
    // the first call and the first cast each fail once and are retried
    assertThat(a.requestIds).containsExactly(given, given, ByteString.copyFrom(max), given, given,
        ByteString.copyFrom(max));
  }

  @Test
  void call_ownIdEmptyOrOver64Bytes_illegalArgumentAndNothingSent() throws IOException {
    TestNode a = open(TestNode.echo("a"));
    SwitchboardClient client = client(a);
    byte[] tooLong = new byte[65];
    assertThatThrownBy(() -> client.call("counter-1", "read", ClientCodec.utf8(), tooLong,
        TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a request id must have 1..64 bytes, this one has 65 (omit it to let the "
            + "client make one)");
    assertThatThrownBy(() -> client.callAsync("counter-1", new byte[] {1}, tooLong, TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.castAsync("counter-1", "x", ClientCodec.utf8(), tooLong,
        TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.cast("counter-1", new byte[] {1}, new byte[0], TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("this one has 0");
    assertThat(a.calls).hasValue(0);
    assertThat(a.casts).hasValue(0);
  }
}
