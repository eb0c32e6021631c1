package io.switchboard.node.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The root {@code switchboard} command and its subcommands. */
@Command(name = "switchboard",
    description = "Erlang/OTP behaviours on JVM event loops, as a cluster of nodes.",
    subcommands = {NodeCommand.class, CallCommand.class, CastCommand.class,
        WhereIsCommand.class, MembersCommand.class, StatusCommand.class, TreeCommand.class,
        KillCommand.class,
        DemoCommand.class})
public final class Commands implements Runnable {
  @Spec CommandSpec spec;
  @Mixin HelpOption help;

  /** The whole command line; option defaults come from {@code env}, then the annotations. */
  public static CommandLine commandLine(Map<String, String> env) {
    CommandLine cl = new CommandLine(new Commands());
    cl.setDefaultValueProvider(new EnvDefaults(env)); // after the subcommands: applies to all
    cl.setParameterExceptionHandler(Commands::usageError);
    return cl;
  }

  /** A bad flag or argument: the message and a pointer to the help, exit 2 (not the usage). */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println(e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return cl.getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing a command: one of "
        + String.join(", ", spec.subcommands().keySet()) + " (see --help)");
  }
}
