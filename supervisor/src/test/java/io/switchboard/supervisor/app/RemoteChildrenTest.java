package io.switchboard.supervisor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.supervisor.ChildSpec;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.ExitReason;
import io.switchboard.supervisor.GenServer;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Step;
import io.switchboard.supervisor.Template;
import io.switchboard.supervisor.app.RemoteChildren.Placement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The application-side API of remote supervision: placements, and what a context offers. */
@Timeout(30)
class RemoteChildrenTest {
  @TempDir Path dir;

  @Test
  void placement_onNode_blankRefused_valuesCompareByContent() {
    assertThat(Placement.onNode("n2")).isEqualTo(new Placement.OnNode("n2"));
    assertThat(Placement.anyOtherMember()).isEqualTo(new Placement.AnyOtherMember());
    assertThatThrownBy(() -> Placement.onNode(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node name");
    assertThatThrownBy(() -> Placement.onNode(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void context_standalone_noRemote_clusterNode_itsRemote() {
    EventLoopGroup loops = EventLoopGroup.start("ctx", 1, b -> b);
    try {
      assertThat(AppContext.of(loops, dir, "n1").remote()).isEmpty();
      RemoteChildren remote = new RemoteChildren() {
        @Override
        public ChildSpec child(String id, String template, byte[] args, Placement placement) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Promise<Void> ready() {
          return new Promise<>();
        }
      };
      AppContext ctx = new AppContext(loops, dir, "n1",
          io.switchboard.supervisor.SupervisorListener.NONE, Map.of(), (r, why) -> { }, remote);
      assertThat(ctx.remote()).containsSame(remote);
    } finally {
      loops.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void template_newServerWithArgs_defaultIgnoresTheArgs() {
    GenServer<String, String, String> echo = new GenServer<>() {
      @Override
      public String init() {
        return "";
      }

      @Override
      public Step<String, String> step(String input, String state) {
        return Step.of(state, input);
      }
    };
    Template t = new Template() {
      @Override
      public String kind() {
        return "echo";
      }

      @Override
      public boolean matches(String name) {
        return false;
      }

      @Override
      public Promise<Void> start(String name) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<GenServer<?, ?, ?>> newServer(String name) {
        return Optional.of(echo);
      }

      @Override
      public Promise<byte[]> release(String name, ExitReason reason) {
        throw new UnsupportedOperationException();
      }
    };

    assertThat(t.newServer("echo-1", new byte[] {1, 2})).containsSame(echo);
  }
}
