package io.flotilla.gateway;

import io.flotilla.model.UpdateStatus;
import io.flotilla.bus.Messages;
import io.flotilla.model.ServiceSpec;
import java.time.Instant;

/** A service as the API shows it. */
record ServiceResource(String id, String name, long version, ServiceSpec spec, ServiceSpec previousSpec,
    Status status, UpdateStatus updateStatus, Instant createdAt, Instant updatedAt) {

  record Status(int desiredTasks, int runningTasks, String message) {}

  static ServiceResource of(Messages.ServiceView view) {
    var s = view.service();
    return new ServiceResource(s.id(), s.name(), s.version(), s.spec(), s.previousSpec(),
        new Status(view.desiredTasks(), view.runningTasks(), view.message()), s.updateStatus(), s.createdAt(),
        s.updatedAt());
  }
}
