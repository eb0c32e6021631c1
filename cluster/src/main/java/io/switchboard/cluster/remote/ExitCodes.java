package io.switchboard.cluster.remote;

import io.switchboard.proto.v1.ChildExit;
import io.switchboard.supervisor.ExitReason;

/**
 * How an {@link ExitReason} travels in a {@link ChildExit}: as its OTP text ({@code normal},
 * {@code shutdown}, {@code {shutdown,X}}, {@code killed}, {@code noconnection},
 * {@code partitioned}, {@code crash:…}) plus the {@code normal} flag. A crash's cause becomes a
 * {@link RemoteCrash} with the remote text; text this version does not know is read by its flag
 * (normal: {@code {shutdown,text}}, else a crash), so a newer peer's reasons keep their restart
 * meaning. Pure.
 */
final class ExitCodes {
  private static final String CRASH = "crash:";

  private ExitCodes() {}

  /** The exit of {@code child} (start {@code startId}) as sent by the hosting node. */
  static ChildExit encode(String supervisor, String child, long startId, ExitReason reason) {
    String text = reason instanceof ExitReason.Crash c ? CRASH + c.cause() : reason.toString();
    return ChildExit.newBuilder().setSupervisor(supervisor).setChild(child).setStartId(startId)
        .setReason(text).setNormal(reason.isNormal()).build();
  }

  /** The reason as the supervising node sees it; {@code node} is the hosting node. */
  static ExitReason decode(ChildExit exit, String node) {
    String text = exit.getReason();
    switch (text) {
      case "normal":
        return ExitReason.NORMAL;
      case "shutdown":
        return ExitReason.SHUTDOWN;
      case "killed":
        return ExitReason.KILLED;
      case "noconnection":
        return new ExitReason.NoConnection(node);
      case "partitioned":
        return ExitReason.PARTITIONED;
      default:
        break;
    }
    if (text.startsWith("{shutdown,") && text.endsWith("}")) {
      return ExitReason.shutdown(text.substring("{shutdown,".length(), text.length() - 1));
    }
    if (text.startsWith(CRASH)) {
      return ExitReason.crash(new RemoteCrash(node, text.substring(CRASH.length())));
    }
    return exit.getNormal() ? ExitReason.shutdown(text)
        : ExitReason.crash(new RemoteCrash(node, text));
  }
}
