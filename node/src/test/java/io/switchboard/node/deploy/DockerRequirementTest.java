package io.switchboard.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.deploy.DockerRequirement.Engine;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class DockerRequirementTest {

  private static final Engine ABSENT = new Engine.Absent("Cannot connect to the Docker daemon");
  private static final Engine ANSWERED = new Engine.Answered("20.10.24");

  @Test
  void decide_requiredAndNoEngine_fails() {
    assertThatThrownBy(() -> DockerRequirement.decide("true", ABSENT))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("scripts/docker-up.sh")
        .hasMessageContaining("Cannot connect");
  }

  @Test
  void decide_notRequiredAndNoEngine_skips() {
    assertThatThrownBy(() -> DockerRequirement.decide(null, ABSENT)).isInstanceOf(TestAbortedException.class);
    assertThatThrownBy(() -> DockerRequirement.decide("false", ABSENT)).isInstanceOf(TestAbortedException.class);
  }

  @Test
  void decide_engineAnswers_runsWhetherRequiredOrNot() {
    assertThat(DockerRequirement.decide("true", ANSWERED)).isEqualTo("20.10.24");
    assertThat(DockerRequirement.decide(null, ANSWERED)).isEqualTo("20.10.24");
  }

  @Test
  void decide_unreadableVariable_failsRatherThanSkips() {
    assertThatThrownBy(() -> DockerRequirement.decide("yes", ABSENT))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("must be true or false");
  }

  @Test
  void missing_requiredTool_failsWithTheHint() {
    assertThatThrownBy(() -> DockerRequirement.missing("true", "prometheus is not on PATH", "Run scripts/prometheus-install.sh"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("prometheus is not on PATH")
        .hasMessageContaining("scripts/prometheus-install.sh");
  }

  @Test
  void missing_toolNotRequired_skips() {
    assertThatThrownBy(() -> DockerRequirement.missing(null, "prometheus is not on PATH", "Run scripts/prometheus-install.sh"))
        .isInstanceOf(TestAbortedException.class);
  }
}
