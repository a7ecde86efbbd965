package io.flotilla.scheduler.state;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The cluster CA in the replicated state: its certificate, its key sealed so that only managers
 * open it, and how long the node certificates it issues live.
 */
public final class CaChanges {
  private static final String CERTIFICATE = "ca.certificate";
  private static final String SEALED_KEY = "ca.sealedKey";
  private static final String CERTIFICATE_LIFETIME = "ca.certificateLifetime";
  /** Swarm's default: 90 days. */
  public static final Duration DEFAULT_CERTIFICATE_LIFETIME = Duration.ofDays(90);

  /** The CA as the state holds it; {@code sealedKey} opens with the managers' cluster secret. */
  public record SealedCa(String certificate, String sealedKey, Duration certificateLifetime) {
    public SealedCa {
      certificateLifetime = certificateLifetime == null ? DEFAULT_CERTIFICATE_LIFETIME : certificateLifetime;
    }
  }

  private CaChanges() {}

  /** The first CA set stays: a cluster never changes its CA behind its nodes' backs. */
  static Change set(ManagerState state, Command.SetClusterCa c) {
    SealedCa ca = c.ca();
    if (ca == null || ca.certificate() == null || ca.sealedKey() == null) {
      throw Rejection.badRequest("a cluster CA needs a certificate and a sealed key");
    }
    if (of(state).isPresent()) {
      return new Change(state, Outcome.ok(null), List.of());
    }
    return new Change(state.withSettings(settings -> {
      settings.put(CERTIFICATE, ca.certificate());
      settings.put(SEALED_KEY, ca.sealedKey());
      settings.put(CERTIFICATE_LIFETIME, ca.certificateLifetime().toString());
    }), Outcome.ok(null), List.of());
  }

  public static Optional<SealedCa> of(ManagerState state) {
    String certificate = state.settings().get(CERTIFICATE);
    String key = state.settings().get(SEALED_KEY);
    String lifetime = state.settings().get(CERTIFICATE_LIFETIME);
    return certificate == null || key == null ? Optional.empty()
        : Optional.of(new SealedCa(certificate, key, lifetime == null ? null : Duration.parse(lifetime)));
  }
}
