package io.switchboard.node.cli;

import io.switchboard.node.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs the real command line in-process and captures its exit code, stdout and stderr. */
record Cli(int exit, String out, String err) {

  static Cli run(Map<String, String> env, String... args) {
    CommandLine cl = Main.commandLine(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }

  static Cli run(String... args) {
    return run(Map.of(), args);
  }
}
