package io.flotilla.scheduler.dispatcher;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.model.Node;
import io.flotilla.model.NodeState;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import io.flotilla.scheduler.SchedulerMetrics;
import io.flotilla.scheduler.membership.RegistryCredentials;
import io.flotilla.scheduler.membership.SecretSeal;
import io.flotilla.scheduler.raft.Proposer;
import io.flotilla.scheduler.raft.RaftStateMachine;
import io.flotilla.scheduler.state.Command;
import io.flotilla.scheduler.state.ManagerState;
import io.flotilla.scheduler.state.RegistryAuthChanges;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The managers' line to the agents. Every manager takes task reports into the log, answering
 * once they are committed, so an agent sends again what a dying manager did not take. The
 * leader also takes its health monitor's liveness reports into the log, answers agents that
 * ask for their assignments, and sends each node its assignments whenever what is asked of it
 * changes, to a returning node at once, and to every node on a periodic refresh. An assignment
 * carries the opened content of the secrets its task uses, so a secret reaches only the nodes
 * that run a task using it, over the bus's mutual TLS; nothing here logs an assignment.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Vertx vertx;
  private final Proposer proposer;
  private final RaftStateMachine stateMachine;
  private final SchedulerMetrics metrics;
  private final Duration refresh;
  private final SecretSeal seal;
  private final Map<String, Messages.Assignments> lastSent = new HashMap<>();
  private final List<MessageConsumer<String>> consumers = new ArrayList<>();
  private final List<MessageConsumer<String>> leaderConsumers = new ArrayList<>();
  private final Assignments.Credentials credentials;
  private long refreshTimer = -1;

  /**
   * {@code seal} opens the secrets of a node's tasks for its assignments; {@code registryCredentials}
   * open a service's registry credentials for them (null sends none).
   */
  public Dispatcher(Vertx vertx, Proposer proposer, RaftStateMachine stateMachine, SchedulerMetrics metrics,
      Duration refresh, SecretSeal seal, RegistryCredentials registryCredentials) {
    this.vertx = vertx;
    this.proposer = proposer;
    this.stateMachine = stateMachine;
    this.metrics = metrics;
    this.refresh = refresh;
    this.seal = seal;
    this.credentials = registryCredentials == null ? Assignments.Credentials.NONE
        : (state, spec) -> registryCredentials.forPull(spec, RegistryAuthChanges.sealedFor(state, spec.name()))
            .orElse(null);
  }

  /** What every manager serves to agents, leader or not. */
  public void serve() {
    consumers.add(vertx.eventBus().<String>consumer(Addresses.TASK_STATUS, message -> {
      Messages.TaskReports reports = Bus.body(message, Messages.TaskReports.class);
      if (reports.statuses().isEmpty()) {
        message.reply("{}");
        return;
      }
      proposer.propose(new Command.ReportTasks(reports.statuses()))
          .onSuccess(outcome -> message.reply("{}"))
          .onFailure(e -> {
            LOG.debug("task reports of {} not stored: {}", reports.nodeId(), e.getMessage());
            message.fail(Failures.UNAVAILABLE, e.getMessage());
          });
    }));
  }

  /**
   * What only the leader does. It alone answers an agent's pull too: a manager that is catching
   * up after a restart holds old assignments, and an agent must never act on them.
   */
  public void lead() {
    leaderConsumers.add(vertx.eventBus().<String>consumer(Addresses.ASSIGNMENTS_GET, message -> Bus.reply(message,
        Assignments.of(stateMachine.state(), Bus.body(message, Messages.NodeRef.class).node(), seal,
            credentials))));
    leaderConsumers.add(vertx.eventBus().<String>localConsumer(Addresses.NODE_LIVENESS, message -> {
      Messages.NodeLivenessReport report = Bus.body(message, Messages.NodeLivenessReport.class);
      if (changesAnything(report)) {
        proposer.propose(new Command.ReportLiveness(report.nodes()))
            .onFailure(e -> LOG.debug("liveness not stored: {}", e.getMessage()));
      }
    }));
    refreshTimer = vertx.setPeriodic(refresh.toMillis(), id -> push(stateMachine.state(), allNodes()));
    push(stateMachine.state(), allNodes());
  }

  /** A report that would change no node is not worth a log entry. */
  private boolean changesAnything(Messages.NodeLivenessReport report) {
    ManagerState state = stateMachine.state();
    for (Messages.NodeLiveness liveness : report.nodes()) {
      Node current = state.nodes().get(liveness.node().id());
      if (current == null ? !state.removedNodes().containsKey(liveness.node().id())
          || liveness.lastHeartbeat() != null && liveness.lastHeartbeat().isAfter(state.removedNodes()
              .get(liveness.node().id()))
          : !current.refresh(liveness.node(), liveness.state(), current.updatedAt()).sameAs(current)) {
        return true;
      }
    }
    return false;
  }

  private Set<String> allNodes() {
    return stateMachine.state().nodes().keySet();
  }

  /** After each applied entry, on the event loop. */
  public void applied(RaftStateMachine.Entry entry) {
    ManagerState before = entry.before();
    ManagerState after = entry.applied().state();
    Set<String> returning = new HashSet<>();
    for (Node node : after.nodes().values()) {
      Node old = before.nodes().get(node.id());
      if (node.state() == NodeState.READY && (old == null || old.state() != NodeState.READY)) {
        returning.add(node.id());
      }
    }
    for (Messages.Event event : entry.applied().events()) {
      if (event.type().equals("task") && event.action().equals("running")) {
        Task task = after.tasks().get(event.id());
        Task old = before.tasks().get(event.id());
        if (task != null && (old == null || old.state() != TaskState.RUNNING)) {
          metrics.taskRunning(task, task.updatedAt());
        }
      } else if (event.type().equals("task") && event.action().equals("assigned")) {
        Task task = after.tasks().get(event.id());
        Node node = task == null || task.nodeId() == null ? null : after.nodes().get(task.nodeId());
        if (node != null) {
          metrics.placed(node.hostname());
        }
      }
    }
    push(after, returning);
  }

  /**
   * Sends each live node its assignments when what they ask of it differs from what it was
   * last sent (a task's reported progress does not count: the agent knows it), and to the
   * nodes in {@code always} regardless.
   */
  private void push(ManagerState state, Set<String> always) {
    Map<String, Set<String>> needs = Assignments.needs(state);
    for (Node node : state.nodes().values()) {
      if (node.state() == NodeState.DOWN) {
        continue;
      }
      Messages.Assignments next = Assignments.of(state, node.id(), needs, seal, credentials);
      if (always.contains(node.id()) || !next.sameIntentAs(lastSent.get(node.id()))) {
        lastSent.put(node.id(), next);
        Bus.send(vertx, Addresses.assignments(node.id()), next);
      }
    }
  }

  public Future<Void> stopLeading() {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
      refreshTimer = -1;
    }
    lastSent.clear();
    List<MessageConsumer<String>> leaving = List.copyOf(leaderConsumers);
    leaderConsumers.clear();
    return Future.all(leaving.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  public Future<Void> close() {
    return stopLeading().compose(v -> Future.all(consumers.stream().map(MessageConsumer::unregister).toList()))
        .mapEmpty();
  }
}
