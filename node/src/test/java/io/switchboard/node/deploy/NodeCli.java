package io.switchboard.node.deploy;

import io.switchboard.node.Main;
import io.switchboard.node.cli.EnvDefaults;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The node's real command line ({@link Main#commandLine(Map)}), so deployment
 * files are checked against the flags and variables the node parses rather
 * than against a copy of them.
 */
final class NodeCli {

  private NodeCli() {}

  /** The top-level subcommands: {@code node}, {@code call}, … */
  static Set<String> subcommands() {
    return Set.copyOf(Main.commandLine(Map.of()).getSubcommands().keySet());
  }

  /** Every name of every option of {@code node}: {@code --grpc-port}, {@code -h}, … */
  static Set<String> nodeOptions() {
    return configurable().stream().flatMap(option -> Arrays.stream(option.names()))
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The environment variables {@code node} reads, one per option: {@code SWITCHBOARD_GRPC_PORT}, … */
  static Set<String> nodeVariables() {
    return configurable().stream().map(EnvDefaults::variable).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Parses a container's command line with its environment exactly as the node
   * does at start, type conversion and validation of values included, without
   * running it.
   *
   * @param args the container's arguments, starting with the subcommand ({@code node})
   * @return the {@code node} command with every option's value set
   * @throws CommandLine.ParameterException for an unknown flag or a value the node refuses
   */
  static CommandSpec parse(List<String> args, Map<String, String> env) {
    CommandLine cli = Main.commandLine(env);
    CommandLine.ParseResult result = cli.parseArgs(args.toArray(String[]::new));
    if (!result.hasSubcommand() || !result.subcommand().commandSpec().name().equals("node")) {
      throw new AssertionError("the arguments " + args + " do not run the node subcommand");
    }
    return result.subcommand().commandSpec();
  }

  /** The value of a parsed option, e.g. {@code value(spec, "--http-port")}. */
  static <T> T value(CommandSpec node, String option) {
    OptionSpec spec = node.findOption(option);
    if (spec == null) {
      throw new AssertionError("the node has no option " + option);
    }
    return spec.getValue();
  }

  /** The option name of one command-line argument: {@code --seeds=a:1} → {@code --seeds}. */
  static String optionOf(String argument) {
    int equals = argument.indexOf('=');
    return equals < 0 ? argument : argument.substring(0, equals);
  }

  private static List<OptionSpec> configurable() {
    CommandLine node = Main.commandLine(Map.of()).getSubcommands().get("node");
    if (node == null) {
      throw new AssertionError("Main.commandLine() has no 'node' subcommand");
    }
    return node.getCommandSpec().options().stream()
        .filter(option -> !option.usageHelp() && !option.versionHelp())
        .toList();
  }
}
