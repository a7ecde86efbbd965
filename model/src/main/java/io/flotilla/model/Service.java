package io.flotilla.model;

import java.time.Instant;

/**
 * A service as stored: its spec plus identity and an optimistic-concurrency {@code version}
 * that grows with every change of the spec. {@code taskVersion} is the version of the spec its
 * tasks must run: it moves only with a change that tasks see (not with a scale), and tasks of
 * an older one are rolled out per {@code updateConfig}; {@code updateStatus} says how that goes.
 */
public record Service(String id, long version, ServiceSpec spec, ServiceSpec previousSpec,
    Instant createdAt, Instant updatedAt, long taskVersion, UpdateStatus updateStatus) {

  public Service {
    Check.required("id", id);
    if (spec == null) {
      throw new InvalidSpecException("spec", "is required");
    }
    taskVersion = taskVersion == 0 ? version : taskVersion;
  }

  public Service(String id, long version, ServiceSpec spec, ServiceSpec previousSpec, Instant createdAt,
      Instant updatedAt) {
    this(id, version, spec, previousSpec, createdAt, updatedAt, version, null);
  }

  public String name() {
    return spec.name();
  }

  /** A scale keeps the tasks; any other change rolls them out, starting an update. */
  public Service withSpec(ServiceSpec newSpec, Instant now) {
    if (newSpec.sameTasksAs(spec)) {
      return new Service(id, version + 1, newSpec, previousSpec, createdAt, now, taskVersion, updateStatus);
    }
    return new Service(id, version + 1, newSpec, spec, createdAt, now, version + 1,
        new UpdateStatus(UpdateStatus.State.UPDATING, now, null, "update in progress"));
  }

  /** Back to the previous spec, rolled out per its rollback config. */
  public Service rolledBack(Instant now, String why) {
    if (previousSpec == null) {
      throw new InvalidSpecException("previousSpec", "service " + name() + " has no previous spec to roll back to");
    }
    return new Service(id, version + 1, previousSpec, spec, createdAt, now, version + 1,
        new UpdateStatus(UpdateStatus.State.ROLLBACK_STARTED, now, null, why));
  }

  public Service withUpdateStatus(UpdateStatus status, Instant now) {
    return new Service(id, version, spec, previousSpec, createdAt, now, taskVersion, status);
  }

  /** How the rollout in progress goes: the rollback config during a rollback. */
  public UpdateConfig rolloutConfig() {
    return updateStatus != null && updateStatus.state().isRollback() ? spec.rollbackConfig() : spec.updateConfig();
  }
}
