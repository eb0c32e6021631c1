package io.switchboard.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Erlang's ordering guarantee (per sender–receiver pair) for casts through a {@link Router}. */
class OrderedCastsTest {

  /** A router that records casts and completes them when the test says. */
  static final class ManualRouter implements Router {
    record Sent(String to, String payload, Promise<Void> done) {}

    final List<Sent> sent = new ArrayList<>();
    boolean immediate;

    @Override
    public Route route(String name) {
      return new Route() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public String kind() {
          return "test";
        }

        @Override
        public Promise<byte[]> call(byte[] payload, Deadline deadline) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Promise<Void> cast(byte[] payload, Deadline deadline) {
          Promise<Void> p = immediate ? Promise.completed(Reply.ok(null)) : new Promise<>();
          synchronized (ManualRouter.this) {
            sent.add(new Sent(name, new String(payload, StandardCharsets.UTF_8), p));
          }
          return p;
        }
      };
    }

    @Override
    public Reply<Location> whereIs(String name) {
      return new Reply.NotFound<>(name);
    }

    synchronized List<String> payloads(String to) {
      return sent.stream().filter(s -> s.to.equals(to)).map(Sent::payload).toList();
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void oneDestination_oneInFlight_inTheOrderCast() {
    ManualRouter router = new ManualRouter();
    OrderedCasts casts = new OrderedCasts(router);
    for (String m : List.of("1", "2", "3")) {
      assertThat(casts.cast("line-b", b(m)).isOk()).isTrue();
    }
    assertThat(router.payloads("line-b")).as("the second waits for the first").containsExactly("1");
    router.sent.get(0).done().complete(Reply.ok(null));
    assertThat(router.payloads("line-b")).containsExactly("1", "2");
    router.sent.get(1).done().complete(Reply.ok(null));
    router.sent.get(2).done().complete(Reply.ok(null));
    assertThat(router.payloads("line-b")).containsExactly("1", "2", "3");
  }

  @Test
  void differentDestinations_goInParallel() {
    ManualRouter router = new ManualRouter();
    OrderedCasts casts = new OrderedCasts(router);
    casts.cast("line-b", b("x"));
    casts.cast("line-c", b("y"));
    assertThat(router.sent).extracting(ManualRouter.Sent::to).containsExactly("line-b", "line-c");
  }

  @Test
  void undeliverableCast_droppedAndCounted_theNextStillGoes() {
    ManualRouter router = new ManualRouter();
    OrderedCasts casts = new OrderedCasts(router);
    casts.cast("line-b", b("1"));
    casts.cast("line-b", b("2"));
    router.sent.get(0).done().complete(new Reply.Unavailable<>("no leader"));
    assertThat(casts.dropped()).isEqualTo(1);
    assertThat(router.payloads("line-b")).containsExactly("1", "2");
  }

  @Test
  void manyCastsCompletingAtOnce_noRecursion_allInOrder() {
    ManualRouter router = new ManualRouter();
    OrderedCasts casts = new OrderedCasts(router);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      casts.cast("line-b", b(Integer.toString(i)));
      expected.add(Integer.toString(i));
    }
    router.immediate = true; // the other 49 999 complete as soon as they are handed over
    router.sent.get(0).done().complete(Reply.ok(null));
    assertThat(router.payloads("line-b")).containsExactlyElementsOf(expected);
    assertThat(casts.dropped()).isZero();
  }
}
