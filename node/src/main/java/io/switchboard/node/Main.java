package io.switchboard.node;

import io.switchboard.node.cli.Commands;
import java.util.Map;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/**
 * The {@code switchboard} command line: {@code node}, {@code call}, {@code cast},
 * {@code whereis}, {@code members}, {@code tree}, {@code demo}. Exit codes: 0 success, 1 a failed
 * call or start, 2 a bad flag or argument (with a message saying which).
 */
public final class Main {
  /** The system property logback.xml reads for its console target (set before logging starts). */
  static final String LOG_TARGET = "switchboard.log.target";

  private Main() {}

  /** The command line reading defaults from this process's environment. */
  public static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  /** The command line reading defaults from {@code env} ({@code SWITCHBOARD_<FLAG>}). */
  public static CommandLine commandLine(Map<String, String> env) {
    return Commands.commandLine(env);
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    // a node logs to stdout like any service; a client command keeps stdout for its result
    boolean node = args.length > 0 && args[0].equals("node");
    System.setProperty(LOG_TARGET, node ? "System.out" : "System.err");
    // gRPC and the JDK log through java.util.logging: send it to logback like everything else
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(commandLine().execute(args));
  }
}
