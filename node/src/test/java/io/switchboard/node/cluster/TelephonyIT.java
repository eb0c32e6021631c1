package io.switchboard.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.ProcessCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * Telephone lines are cluster-scoped servers that signal each other by name across nodes, and a
 * {@code dial} is answered by a deferred reply (OTP {@code {noreply, State}} + {@code
 * gen_server:reply/2}) that crosses the forwarding hops: alice (served by one node) dials bob
 * (served by another) through a third node and hears {@code ringing}; bob answers; carol dials
 * bob and hears {@code busy} — each step through a different node, real node processes.
 */
@Timeout(240)
class TelephonyIT {

  @Test
  void aliceDialsBobAcrossNodes_ringingThenConnected_carolHearsBusy(TestInfo test)
      throws Exception {
    try (ProcessCluster c = Clusters.start(Clusters.workDir(test), 3, 3, 3)) {
      String alice = lineServedBy(c, "alice", "n1");
      String bob = lineServedBy(c, "bob", "n2");
      String carol = lineServedBy(c, "carol", "n3");

      assertThat(say(c, 2, alice, "off_hook")).isEqualTo("ok");
      assertThat(say(c, 2, alice, "dial " + bob)).as("through n3, to n1, signalling n2")
          .isEqualTo("ringing");
      assertThat(say(c, 0, bob, "state")).isEqualTo("ringing " + alice);
      assertThat(say(c, 0, bob, "answer")).isEqualTo("connected " + alice);
      c.await(Clusters.CALL).until(alice + " connected, as seen through n2",
          () -> say(c, 1, alice, "state").equals("connected " + bob));

      assertThat(say(c, 1, carol, "off_hook")).isEqualTo("ok");
      assertThat(say(c, 0, carol, "dial " + bob)).isEqualTo("busy");
      assertThat(say(c, 2, carol, "state")).isEqualTo("off_hook");
    }
  }

  /** A line name whose shard {@code node} leads (asked of n1). */
  private static String lineServedBy(ProcessCluster c, String who, String node) {
    for (int i = 0; i < 1_000; i++) {
      String name = "line-" + who + "-" + i;
      if (Clusters.whereIs(c, 0, name).equals(node)) {
        return name;
      }
    }
    throw new AssertionError("no line-" + who + "-N among 1 000 is served by " + node);
  }

  private static String say(ProcessCluster c, int via, String line, String input) {
    return c.client(via).call(line, input, Clusters.CALL).text();
  }
}
