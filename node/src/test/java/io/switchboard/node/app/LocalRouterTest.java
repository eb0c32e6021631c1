package io.switchboard.node.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.supervisor.Deadline;
import io.switchboard.supervisor.EventLoopGroup;
import io.switchboard.supervisor.IdleStrategy;
import io.switchboard.supervisor.LocalRouter;
import io.switchboard.supervisor.Promise;
import io.switchboard.supervisor.Reply;
import io.switchboard.supervisor.Router;
import io.switchboard.supervisor.app.AppContext;
import io.switchboard.supervisor.app.AppInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class LocalRouterTest {
  @TempDir Path dir;
  EventLoopGroup loops;
  AppInstance app;
  LocalRouter router;

  @BeforeEach
  void start() {
    loops = EventLoopGroup.start("test", 2, b -> b);
    app = new DemoProvider().start(AppContext.of(loops, dir, "n1"));
    router = new LocalRouter(loops, app::template, new Router.Location("n1", "127.0.0.1:1"));
  }

  @AfterEach
  void stop() {
    loops.stop(Duration.ofSeconds(5));
  }

  @Test
  void call_manyConcurrentFirstCalls_oneServerCountsThemAll() throws InterruptedException {
    List<Promise<byte[]>> calls = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 25; i++) {
          Promise<byte[]> p = router.call("counter-race", bytes("increment"), deadline());
          synchronized (calls) {
            calls.add(p);
          }
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    for (Promise<byte[]> p : calls) {
      assertThat(p.await(deadline(), IdleStrategy.DEFAULT)).isInstanceOf(Reply.Ok.class);
    }
    assertThat(text(router.call("counter-race", bytes("read"), deadline()))).isEqualTo("200");
  }

  @Test
  void call_afterCrash_supervisorRestartsItAndNextCallWorks() {
    router.call("counter-c", bytes("increment"), deadline()).await(deadline(),
        IdleStrategy.DEFAULT);
    router.call("counter-c", bytes("reset"), deadline()).await(deadline(), IdleStrategy.DEFAULT);
    Reply<byte[]> crash = router.call("counter-c", bytes("reset"), deadline())
        .await(deadline(), IdleStrategy.DEFAULT);
    assertThat(crash).isInstanceOf(Reply.Crashed.class);
    assertThat(text(router.call("counter-c", bytes("read"), deadline()))).isEqualTo("0");
  }

  @Test
  void stop_savesCounters_newAppOnSameDataSeesThem() {
    router.call("counter-p", bytes("increment"), deadline()).await(deadline(),
        IdleStrategy.DEFAULT);
    app.stop(Duration.ofSeconds(5));
    assertThat(CounterFiles.file(dir, "counter-p")).content().isEqualTo("1");
    assertThat(router.call("counter-p", bytes("read"), deadline())
        .await(deadline(), IdleStrategy.DEFAULT)).isInstanceOf(Reply.Unavailable.class);
    AppInstance again = new DemoProvider().start(AppContext.of(loops, dir, "n1"));
    LocalRouter fresh = new LocalRouter(loops, again::template, new Router.Location("n1", "127.0.0.1:1"));
    assertThat(text(fresh.call("counter-p", bytes("read"), deadline()))).isEqualTo("1");
  }

  @Test
  void call_noTemplate_notFoundAndNothingStarted() {
    Reply<byte[]> r = router.call("other-1", bytes("read"), deadline())
        .await(deadline(), IdleStrategy.DEFAULT);
    assertThat(r).isInstanceOf(Reply.NotFound.class);
    assertThat(loops.status("other-1")).isNull();
  }

  @Test
  void cast_templateName_startsAndQueues() {
    assertThat(router.cast("counter-k", bytes("increment"), deadline()).await(deadline(),
        IdleStrategy.DEFAULT)).isInstanceOf(Reply.Ok.class);
    assertThat(text(router.call("counter-k", bytes("read"), deadline()))).isEqualTo("1");
  }

  @Test
  void whereIs_templateOrRunning_selfElseNotFound() {
    assertThat(router.whereIs("counter-w")).isEqualTo(Reply.ok(new Router.Location("n1",
        "127.0.0.1:1")));
    assertThat(router.whereIs("zzz")).isInstanceOf(Reply.NotFound.class);
    assertThat(router.kindOf("counter-w")).isEqualTo("counter");
    assertThat(router.kindOf("zzz")).isEqualTo("unknown");
  }

  private static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(5));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Promise<byte[]> p) {
    return new String(p.await(deadline(), IdleStrategy.DEFAULT).orThrow(),
        StandardCharsets.UTF_8);
  }
}
