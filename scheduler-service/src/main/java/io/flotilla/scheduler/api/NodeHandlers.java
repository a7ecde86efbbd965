package io.flotilla.scheduler.api;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.model.Ids;
import io.flotilla.model.Node;
import io.flotilla.model.NodeState;
import io.flotilla.model.Service;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import io.flotilla.scheduler.membership.Quorum;
import io.flotilla.scheduler.raft.RaftStatus;
import io.flotilla.scheduler.state.Command;
import io.flotilla.scheduler.state.Lookup;
import io.flotilla.scheduler.state.ManagerState;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Nodes and tasks: nodes changed through the log; both listed from this manager's state. */
public final class NodeHandlers {
  /** A manager not heard from for this long shows as unreachable. */
  public static final long REACHABLE_WITHIN_MS = 1_500;

  private final Endpoints endpoints;

  public NodeHandlers(Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  public void mount() {
    endpoints.serve(Addresses.NODE_LIST, message -> {
      Function<Node, Node> withStatus = managerStatus();
      Bus.reply(message, new Messages.NodeList(endpoints.state().nodes().values().stream()
          .sorted(Comparator.comparing(Node::hostname).thenComparing(Node::id)).map(withStatus).toList()));
    });
    endpoints.serve(Addresses.NODE_GET, message -> {
      String ref = Endpoints.body(message, Messages.NodeRef.class).node();
      Lookup.node(endpoints.state(), ref).ifPresentOrElse(n -> Bus.reply(message, managerStatus().apply(n)),
          () -> message.fail(Failures.NOT_FOUND, "no such node: " + ref));
    });
    endpoints.serve(Addresses.NODE_UPDATE, message -> {
      Messages.UpdateNode request = Endpoints.body(message, Messages.UpdateNode.class);
      endpoints.write(message, new Command.UpdateNode(request.node(), request.update()));
    });
    endpoints.serve(Addresses.NODE_REMOVE, this::remove);
    endpoints.serve(Addresses.TASK_LIST, this::listTasks);
  }

  /**
   * Removes a DOWN node (any node when forced). A manager also leaves the Raft group first,
   * which is refused when the managers left could not form a majority, or for the last one.
   */
  private void remove(io.vertx.core.eventbus.Message<String> message) {
    Messages.RemoveNode request = Endpoints.body(message, Messages.RemoveNode.class);
    Optional<Node> node = Lookup.node(endpoints.state(), request.node());
    if (node.isEmpty() || endpoints.raft().peers().stream().noneMatch(p -> p.id().equals(node.get().id()))) {
      removeFromState(message, request);
      return;
    }
    Node manager = node.get();
    if (manager.state() != NodeState.DOWN && !request.force()) {
      removeFromState(message, request);
      return;
    }
    RaftStatus status = endpoints.raft().status(REACHABLE_WITHIN_MS);
    Optional<String> refused = Quorum.whyNotRemove(status.memberIds(), status.reachableIds(), manager.id(), "node " + manager.hostname() + " (" + Ids.shortId(manager.id()) + "), a manager,");
    if (refused.isPresent()) {
      message.fail(Failures.CONFLICT, "cannot remove: " + refused.get());
      return;
    }
    endpoints.vertx().executeBlocking(() -> {
      endpoints.raft().removePeer(manager.id());
      return null;
    }).onFailure(e -> message.fail(Failures.UNAVAILABLE, "could not take node " + manager.hostname()
        + " out of the managers' Raft group: " + e.getMessage()))
        .onSuccess(v -> {
          Bus.send(endpoints.vertx(), Addresses.demote(manager.id()), new Messages.NodeRef(manager.id()));
          removeFromState(message, request);
        });
  }

  private void removeFromState(io.vertx.core.eventbus.Message<String> message, Messages.RemoveNode request) {
    endpoints.write(message, new Command.RemoveNode(request.node(), request.force()), outcome -> {
      Node removed = outcome.value(Node.class);
      Bus.publish(endpoints.vertx(), Addresses.NODE_REMOVED, new Messages.NodeRef(removed.id()));
      Bus.reply(message, removed);
    });
  }

  /** Adds each manager's standing in the Raft group, as this manager sees it. */
  Function<Node, Node> managerStatus() {
    return managerStatus(endpoints.raft().status(REACHABLE_WITHIN_MS));
  }

  static Function<Node, Node> managerStatus(RaftStatus status) {
    Map<String, RaftStatus.Member> members = status.members().stream()
        .collect(Collectors.toMap(RaftStatus.Member::id, m -> m));
    return node -> {
      RaftStatus.Member member = members.get(node.id());
      if (member == null) {
        return node;
      }
      boolean reachable = member.reachable() && node.state() != NodeState.DOWN;
      return node.withManagerStatus(new Node.ManagerStatus(member.leader(),
          reachable ? "reachable" : "unreachable", member.address()));
    };
  }

  private void listTasks(io.vertx.core.eventbus.Message<String> message) {
    Messages.TaskQuery q = Endpoints.body(message, Messages.TaskQuery.class);
    ManagerState state = endpoints.state();
    Optional<String> serviceId = Optional.empty();
    if (q.service() != null && !q.service().isBlank()) {
      Optional<Service> service = Lookup.service(state, q.service());
      if (service.isEmpty()) {
        message.fail(Failures.NOT_FOUND, "no such service: " + q.service());
        return;
      }
      serviceId = service.map(Service::id);
    }
    Optional<String> nodeId = Optional.empty();
    if (q.node() != null && !q.node().isBlank()) {
      Optional<Node> node = Lookup.node(state, q.node());
      if (node.isEmpty()) {
        message.fail(Failures.NOT_FOUND, "no such node: " + q.node());
        return;
      }
      nodeId = node.map(Node::id);
    }
    Optional<TaskState> taskState = Optional.empty();
    if (q.state() != null && !q.state().isBlank()) {
      try {
        taskState = Optional.of(TaskState.valueOf(q.state().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        message.fail(Failures.BAD_REQUEST, "state: unknown task state '" + q.state() + "'");
        return;
      }
    }
    Optional<String> s = serviceId;
    Optional<String> n = nodeId;
    Optional<TaskState> st = taskState;
    Bus.reply(message, new Messages.TaskList(state.tasks().values().stream()
        .filter(t -> s.map(t.serviceId()::equals).orElse(true))
        .filter(t -> n.map(id -> id.equals(t.nodeId())).orElse(true))
        .filter(t -> st.map(x -> x == t.state()).orElse(true))
        .sorted(Comparator.comparing(Task::serviceName).thenComparingInt(Task::slot)
            .thenComparing(Task::nodeId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Task::createdAt, Comparator.reverseOrder()))
        .toList()));
  }
}
