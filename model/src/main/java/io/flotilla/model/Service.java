package io.flotilla.model;

import java.time.Instant;

/**
 * A service as stored: its spec plus identity and an optimistic-concurrency {@code version}
 * that grows with every change of the spec.
 */
public record Service(String id, long version, ServiceSpec spec, ServiceSpec previousSpec,
    Instant createdAt, Instant updatedAt) {

  public Service {
    Check.required("id", id);
    if (spec == null) {
      throw new InvalidSpecException("spec", "is required");
    }
  }

  public String name() {
    return spec.name();
  }

  public Service withSpec(ServiceSpec newSpec, Instant now) {
    return new Service(id, version + 1, newSpec, spec, createdAt, now);
  }
}
