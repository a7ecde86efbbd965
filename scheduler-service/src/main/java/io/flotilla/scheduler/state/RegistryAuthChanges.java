package io.flotilla.scheduler.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry credentials services pull with ({@code --with-registry-auth}), sealed under the
 * managers' cluster secret before they are proposed, so the log, snapshots and state hold them
 * only encrypted; by service name. No API answer reads them: only the dispatcher opens them, for
 * the assignment of a task whose image comes from that registry.
 */
public final class RegistryAuthChanges {
  private static final String PREFIX = "registryAuth.";

  private RegistryAuthChanges() {}

  /**
   * Applies {@code c.change()} and, when it succeeds, sets each named service's sealed
   * credentials (a null value removes them): one entry, so a service never runs without the
   * credentials it was created with.
   */
  static Change apply(ManagerState state, Command.WithRegistryAuth c, Instant at, long term) {
    Change inner = c.change().applyTo(state, at, term);
    if (!inner.outcome().isOk()) {
      return inner;
    }
    ManagerState next = inner.state().withSettings(settings -> c.sealedByService().forEach((service, sealed) -> {
      if (sealed == null) {
        settings.remove(PREFIX + service);
      } else {
        settings.put(PREFIX + service, sealed);
      }
    }));
    return new Change(next, inner.outcome(), inner.events());
  }

  /** The sealed credentials of service {@code name}, if it has some. */
  public static Optional<String> sealedFor(ManagerState state, String name) {
    return Optional.ofNullable(state.settings().get(PREFIX + name));
  }

  /** Which services hold credentials: for tests and tidying, never their values. */
  static List<String> services(Map<String, String> settings) {
    List<String> names = new ArrayList<>();
    settings.keySet().stream().filter(k -> k.startsWith(PREFIX)).forEach(k -> names.add(k.substring(PREFIX.length())));
    return names;
  }
}
