package io.flotilla.scheduler.events;

import io.flotilla.bus.Messages;
import io.flotilla.model.Network;
import io.flotilla.model.Node;
import io.flotilla.model.Service;
import io.flotilla.model.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The events of {@code GET /v1/events}, made from the changes the scheduler writes: pure functions. */
public final class ClusterEvents {
  private ClusterEvents() {}

  /** A service was created, changed, scaled, rolled back or removed, or its rollout moved on. */
  public static Messages.Event service(String action, Service service, Instant now) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("version", String.valueOf(service.version()));
    attributes.put("image", service.spec().image());
    if (service.updateStatus() != null) {
      attributes.put("updateState", service.updateStatus().state().json());
      if (service.updateStatus().message() != null) {
        attributes.put("message", service.updateStatus().message());
      }
    }
    return new Messages.Event("service", action, service.id(), service.name(), attributes, now);
  }

  /** One event per task whose observed state moved (or that is new); the action is the new state. */
  public static List<Messages.Event> tasks(Map<String, Task> before, Collection<Task> after, Instant now) {
    List<Messages.Event> events = new ArrayList<>();
    for (Task task : after) {
      Task old = before.get(task.id());
      if (old != null && old.state() == task.state()) {
        continue;
      }
      Map<String, String> attributes = new HashMap<>();
      attributes.put("service", task.serviceName());
      attributes.put("desiredState", task.desiredState().name());
      if (task.nodeId() != null) {
        attributes.put("node", task.nodeId());
      }
      if (task.error() != null) {
        attributes.put("error", task.error());
      }
      events.add(new Messages.Event("task", task.state().name().toLowerCase(Locale.ROOT), task.id(),
          task.serviceName() + "." + task.slot(), attributes, now));
    }
    return events;
  }

  public static Messages.Event node(Node node, Instant now) {
    return new Messages.Event("node", node.state().name().toLowerCase(Locale.ROOT), node.id(), node.hostname(),
        Map.of("address", node.address()), now);
  }

  public static Messages.Event network(String action, Network network, Instant now) {
    return new Messages.Event("network", action, network.id(), network.name(), Map.of("subnet", network.subnet()), now);
  }
}
