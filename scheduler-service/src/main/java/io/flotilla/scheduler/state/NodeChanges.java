package io.flotilla.scheduler.state;

import io.flotilla.bus.Messages;
import io.flotilla.model.Ids;
import io.flotilla.model.Node;
import io.flotilla.model.NodeRole;
import io.flotilla.model.NodeState;
import io.flotilla.model.NodeUpdate;
import io.flotilla.scheduler.events.ClusterEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How node and membership commands change the state. */
public final class NodeChanges {
  private NodeChanges() {}

  static Change update(ManagerState state, Command.UpdateNode c, Instant at) {
    Node node = find(state, c.node());
    NodeUpdate update = c.update() != null ? c.update() : new NodeUpdate(null, null, null, null);
    Node updated = update.applyTo(node, at);
    if (updated == node) {
      return new Change(state, Outcome.ok(node), List.of());
    }
    return new Change(state.withNodes(nodes -> nodes.put(updated.id(), updated)), Outcome.ok(updated), List.of());
  }

  /**
   * Removes a node that is DOWN (any node when forced). Its tasks become ORPHANED at the next
   * reconciliation; its liveness reports are ignored until its agent heartbeats again after
   * the removal, when it comes back as a new registration.
   */
  static Change remove(ManagerState state, Command.RemoveNode c, Instant at) {
    Node node = find(state, c.node());
    if (node.state() != NodeState.DOWN && !c.force()) {
      throw Rejection.conflict("node " + node.hostname() + " (" + Ids.shortId(node.id()) + ") is " + node.state()
          + ": only a DOWN node can be removed; stop its agent first, or force the removal (--force, ?force=true)");
    }
    ManagerState next = state.withNodes(nodes -> nodes.remove(node.id()))
        .withRemovedNodes(removed -> removed.put(node.id(), at));
    return new Change(next, Outcome.ok(node), List.of());
  }

  static Change liveness(ManagerState state, Command.ReportLiveness c, Instant at) {
    Map<String, Node> changed = new HashMap<>();
    List<String> rejoined = new ArrayList<>();
    List<Messages.Event> events = new ArrayList<>();
    for (Messages.NodeLiveness liveness : c.nodes()) {
      String id = liveness.node().id();
      Node current = state.nodes().get(id);
      if (current == null && state.removedNodes().containsKey(id)) {
        Instant removedAt = state.removedNodes().get(id);
        if (liveness.lastHeartbeat() == null || !liveness.lastHeartbeat().isAfter(removedAt)) {
          continue;
        }
        rejoined.add(id);
      }
      Node next = current == null
          ? Node.register(liveness.node(), liveness.state(), at)
          : current.refresh(liveness.node(), liveness.state(), at);
      if (!next.sameAs(current)) {
        if (current == null || current.state() != next.state()) {
          events.add(ClusterEvents.node(next, at));
        }
        changed.put(id, next);
      }
    }
    if (changed.isEmpty() && rejoined.isEmpty()) {
      return new Change(state, Outcome.ok(null), List.of());
    }
    ManagerState next = state.withNodes(nodes -> nodes.putAll(changed));
    if (!rejoined.isEmpty()) {
      next = next.withRemovedNodes(removed -> rejoined.forEach(removed::remove));
    }
    return new Change(next, Outcome.ok(null), events);
  }

  static Change setRole(ManagerState state, Command.SetRole c, Instant at) {
    if (c.role() == null) {
      throw Rejection.badRequest("role: is required (worker or manager)");
    }
    Node node = find(state, c.node());
    if (node.role() == c.role()) {
      return new Change(state, Outcome.ok(node), List.of());
    }
    Node changed = node.withRole(c.role(), at);
    return new Change(state.withNodes(nodes -> nodes.put(changed.id(), changed)), Outcome.ok(changed), List.of());
  }

  static Change rotateJoinToken(ManagerState state, Command.RotateJoinToken c) {
    if (c.role() == null) {
      throw Rejection.badRequest("role: is required (worker or manager)");
    }
    int next = tokenGenerations(state).get(c.role()) + 1;
    return new Change(state.withSettings(settings -> settings.put(generationKey(c.role()), String.valueOf(next))),
        Outcome.ok(next), List.of());
  }

  /** How often each role's join token was rotated: a token of an older generation is refused. */
  public static Map<NodeRole, Integer> tokenGenerations(ManagerState state) {
    Map<NodeRole, Integer> generations = new EnumMap<>(NodeRole.class);
    for (NodeRole role : NodeRole.values()) {
      String value = state.settings().get(generationKey(role));
      generations.put(role, value == null ? 0 : Integer.parseInt(value));
    }
    return generations;
  }

  private static String generationKey(NodeRole role) {
    return "joinToken." + role.json() + ".generation";
  }

  private static Node find(ManagerState state, String ref) {
    return Lookup.node(state, ref).orElseThrow(() -> Rejection.notFound("node", ref));
  }
}
