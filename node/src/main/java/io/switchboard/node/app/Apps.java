package io.switchboard.node.app;

import java.util.List;

/** The applications a node can run ({@code --app}). */
public final class Apps {
  private Apps() {}

  /** The accepted values of {@code --app}. */
  public static List<String> names() {
    return List.of(DemoApp.NAME);
  }

  /**
   * Starts application {@code name}. Blocks while its supervisors start.
   *
   * @throws IllegalArgumentException for an unknown application, naming the known ones
   */
  public static NodeApp start(String name, AppContext ctx) {
    if (DemoApp.NAME.equals(name)) {
      return DemoApp.start(ctx);
    }
    throw new IllegalArgumentException("unknown --app '" + name + "'; known: " + names());
  }
}
