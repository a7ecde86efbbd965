package io.flotilla.scheduler.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.bus.Messages;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterEventsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Service WEB = new Service("s1", 1, ServiceSpec.of("web", "web:1", 2), null, NOW, NOW);

  @Test
  void onlyTasksWhoseStateMoved_makeEvents_namedByTheirNewState() {
    Task pending = Task.create("t1", WEB, 1, 0, 0, NOW);
    Task assigned = pending.assign("n1", NOW);
    Task other = Task.create("t2", WEB, 2, 0, 0, NOW);

    List<Messages.Event> events = ClusterEvents.tasks(Map.of("t1", pending, "t2", other),
        List.of(assigned, other.withMessage("still pending", NOW)), NOW);

    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo(TaskState.ASSIGNED.name().toLowerCase());
      assertThat(e.name()).isEqualTo("web.1");
      assertThat(e.attributes()).containsEntry("node", "n1").containsEntry("service", "web");
    });
  }

  @Test
  void aServiceEventCarriesItsRollout() {
    Service updated = WEB.withSpec(ServiceSpec.of("web", "web:2", 2), NOW);

    Messages.Event event = ClusterEvents.service("update", updated, NOW);

    assertThat(event.attributes()).containsEntry("updateState", "updating").containsEntry("image", "web:2")
        .containsEntry("version", "2");
  }
}
