package io.switchboard.node.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads every option's default from the environment: {@code --grpc-port} from
 * {@code SWITCHBOARD_GRPC_PORT}, {@code --seeds} from {@code SWITCHBOARD_SEEDS}, and so on
 * ({@link #variable}). A flag on the command line wins over the variable, the variable over the
 * built-in default. Help options, positional parameters and the options in
 * {@link #NOT_FROM_ENVIRONMENT} are not read. Thread-safe.
 */
public final class EnvDefaults implements IDefaultValueProvider {
  /** The prefix of every variable. */
  public static final String PREFIX = "SWITCHBOARD_";

  /**
   * Options that name one request rather than configure a command, so a variable left exported
   * would wrongly apply to every later run: {@code --request-id} (each run would repeat the first).
   */
  public static final Set<String> NOT_FROM_ENVIRONMENT = Set.of("--request-id");

  private final Map<String, String> env;

  /** Reads {@code env} (usually {@link System#getenv()}). */
  public EnvDefaults(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The variable of an option: {@code --max-message-bytes} → {@code SWITCHBOARD_MAX_MESSAGE_BYTES}. */
  public static String variable(OptionSpec option) {
    String flag = option.longestName().replaceFirst("^-+", "");
    return PREFIX + flag.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (arg instanceof OptionSpec option && !option.usageHelp() && !option.versionHelp()
        && !NOT_FROM_ENVIRONMENT.contains(option.longestName())) {
      return env.get(variable(option));
    }
    return null; // picocli then uses the annotation's default
  }

  /** The value of {@code variable} (e.g. {@code SWITCHBOARD_CLIENT_TLS}), or null. */
  public @org.jspecify.annotations.Nullable String get(String variable) {
    return env.get(variable);
  }
}
