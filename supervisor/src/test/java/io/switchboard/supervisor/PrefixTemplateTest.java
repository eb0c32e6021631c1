package io.switchboard.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Names by prefix as dynamic children of a simple_one_for_one supervisor, started on demand. */
@Timeout(30)
class PrefixTemplateTest {
  EventLoopGroup loops;
  Supervisor root;
  PrefixTemplate template;

  /** A number: {@code add} adds one and answers the total; its state moves as decimal text. */
  static final class Tally implements GenServer<String, Long, Long> {
    @Override
    public Long init() {
      return 0L;
    }

    @Override
    public Step<Long, Long> step(String input, Long n) {
      return Step.of(n + 1, n + 1);
    }

    @Override
    public StateCodec<Long> stateCodec() {
      return new StateCodec<>() {
        @Override
        public byte[] encode(Long state) {
          return state.toString().getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public Long decode(byte[] bytes) {
          return Long.parseLong(new String(bytes, StandardCharsets.US_ASCII));
        }
      };
    }
  }

  @BeforeEach
  void start() {
    loops = EventLoopGroup.start("pt", 1, b -> b);
    PrefixTemplate.Spec spec = PrefixTemplate.spec("tally", "tally-", "tallies",
        name -> new Tally()).durability(Durability.REPLICATED);
    root = Supervisor.builder("root", loops, SupervisorSpec.oneForOne(spec.supervisorSpec()))
        .build();
    assertThat(root.start().isOk()).isTrue();
    template = spec.template(root, loops);
  }

  @AfterEach
  void stop() {
    root.stop();
    loops.stop(Duration.ofSeconds(5));
  }

  @Test
  void matchesThePrefixWithSomethingAfterIt() {
    assertThat(template.matches("tally-1")).isTrue();
    assertThat(template.matches("tally-")).isFalse();
    assertThat(template.matches("other-1")).isFalse();
    assertThat(template.kind()).isEqualTo("tally");
    assertThat(template.durability()).isEqualTo(Durability.REPLICATED);
    assertThat(template.clusterScoped()).isTrue();
  }

  @Test
  void start_onDemandUnderTheSupervisor_andFromAHandedState() {
    assertThat(await(template.start("tally-a")).isOk()).isTrue();
    assertThat(loops.<Long>call("tally-a", "add")).isEqualTo(Reply.ok(1L));
    assertThat(await(template.start("tally-b", "41".getBytes(StandardCharsets.US_ASCII)))
        .isOk()).isTrue();
    assertThat(loops.<Long>call("tally-b", "add")).isEqualTo(Reply.ok(42L));
    assertThat(children()).extracting(ChildInfo::id)
        .containsExactlyInAnyOrder("tally-a", "tally-b");
  }

  @Test
  void release_handsTheStateOver_andTheSupervisorForgetsTheChild() {
    await(template.start("tally-r"));
    loops.call("tally-r", "add");
    loops.call("tally-r", "add");
    Reply<byte[]> state = await(template.release("tally-r", ExitReason.SHUTDOWN));
    assertThat(new String(((Reply.Ok<byte[]>) state).value(), StandardCharsets.US_ASCII))
        .isEqualTo("2");
    assertThat(loops.status("tally-r")).isNull();
    assertThat(children()).isEmpty();
  }

  private java.util.List<ChildInfo> children() {
    return root.childSupervisor("tallies").orThrow().whichChildren().orThrow();
  }

  private static <T> Reply<T> await(Promise<T> p) {
    return p.await(Deadline.after(Duration.ofSeconds(5)), IdleStrategy.DEFAULT);
  }
}
