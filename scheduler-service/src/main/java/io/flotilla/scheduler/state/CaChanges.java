package io.flotilla.scheduler.state;

import java.util.List;
import java.util.Optional;

/** The cluster CA in the replicated state: its certificate, and its key sealed so that only managers open it. */
public final class CaChanges {
  private static final String CERTIFICATE = "ca.certificate";
  private static final String SEALED_KEY = "ca.sealedKey";

  /** The CA as the state holds it; {@code sealedKey} opens with the managers' cluster secret. */
  public record SealedCa(String certificate, String sealedKey) {}

  private CaChanges() {}

  /** The first CA set stays: a cluster never changes its CA behind its nodes' backs. */
  static Change set(ManagerState state, Command.SetClusterCa c) {
    if (c.certificate() == null || c.sealedKey() == null) {
      throw Rejection.badRequest("a cluster CA needs a certificate and a sealed key");
    }
    if (of(state).isPresent()) {
      return new Change(state, Outcome.ok(null), List.of());
    }
    return new Change(state.withSettings(settings -> {
      settings.put(CERTIFICATE, c.certificate());
      settings.put(SEALED_KEY, c.sealedKey());
    }), Outcome.ok(null), List.of());
  }

  public static Optional<SealedCa> of(ManagerState state) {
    String certificate = state.settings().get(CERTIFICATE);
    String key = state.settings().get(SEALED_KEY);
    return certificate == null || key == null ? Optional.empty() : Optional.of(new SealedCa(certificate, key));
  }
}
