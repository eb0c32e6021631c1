package io.switchboard.supervisor;

import java.util.Optional;

/**
 * Finds the {@link Template} that starts a name: an application's catalogue of on-demand servers
 * ({@code counter-7} → the counter template). Resolved once per request by the {@link Router}.
 * Implementations are pure, quick and thread-safe.
 */
@FunctionalInterface
public interface Templates {

  /** No templates: only servers started explicitly exist. */
  Templates NONE = name -> Optional.empty();

  /** The template that starts {@code name}, if any. */
  Optional<Template> find(String name);
}
