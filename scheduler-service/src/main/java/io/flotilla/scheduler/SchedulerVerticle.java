package io.flotilla.scheduler;

import com.hazelcast.core.HazelcastInstance;
import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.model.Ids;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.Network;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.Node;
import io.flotilla.model.NodeRole;
import io.flotilla.model.NodeState;
import io.flotilla.model.NodeUpdate;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.StackLabels;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import io.flotilla.model.TaskStatus;
import io.flotilla.scheduler.events.ClusterEvents;
import io.flotilla.scheduler.membership.JoinTokens;
import io.flotilla.scheduler.network.NetworkPlan;
import io.flotilla.scheduler.reconcile.Observations;
import io.flotilla.scheduler.reconcile.Plan;
import io.flotilla.scheduler.reconcile.Reconciler;
import io.flotilla.scheduler.reconcile.ServiceStatus;
import io.flotilla.scheduler.stack.StackPlan;
import io.flotilla.scheduler.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler. Only the leader (the holder of a cluster-wide lock) opens the state and
 * registers its handlers, so a request reaches exactly one active scheduler; standbys wait
 * for the lock. Reconciliation runs debounced after every change and on a tick; its plan is
 * applied in {@link #apply(Plan)}, the only place that writes tasks.
 */
public final class SchedulerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerVerticle.class);
  private static final String LEADER_LOCK = "flotilla.scheduler.leader";
  private static final long DEBOUNCE_MS = 2;

  private final SchedulerConfig config;
  private final Optional<HazelcastInstance> hazelcast;
  private final Reconciler reconciler;
  private final SchedulerMetrics metrics;
  private final RandomGenerator random = new SecureRandom();
  private final List<MessageConsumer<String>> consumers = new ArrayList<>();
  private final Set<String> dirtyNodes = new HashSet<>();
  private final Map<String, Messages.Assignments> lastSent = new HashMap<>();
  /** When each removed node was removed: only a heartbeat heard after that brings it back. */
  private final Map<String, Instant> removedNodes = new HashMap<>();
  private StateStore store;
  private boolean reconcileScheduled;
  private long wakeTimer = -1;
  private volatile boolean leader;

  public SchedulerVerticle(SchedulerConfig config, MeterRegistry registry, Optional<HazelcastInstance> hazelcast) {
    this.config = config;
    this.hazelcast = hazelcast;
    this.reconciler = new Reconciler(config.settings());
    this.metrics = new SchedulerMetrics(registry);
  }

  public boolean isLeader() {
    return leader;
  }

  @Override
  public Future<?> start() {
    campaign();
    return Future.succeededFuture();
  }

  private void campaign() {
    vertx.sharedData().getLockWithTimeout(LEADER_LOCK, 2_000)
        .compose(lock -> becomeLeader())
        .onFailure(e -> {
          LOG.debug("not the leader yet: {}", e.getMessage());
          vertx.setTimer(500, id -> campaign());
        });
  }

  private Future<Void> becomeLeader() {
    return vertx.executeBlocking(() -> StateStore.open(vertx, config.dataDir(), hazelcast))
        .map(opened -> {
          store = opened;
          register(Addresses.SERVICE_CREATE, this::createService);
          register(Addresses.SERVICE_SCALE, this::scaleService);
          register(Addresses.SERVICE_UPDATE, this::updateService);
          register(Addresses.SERVICE_ROLLBACK, this::rollbackService);
          register(Addresses.SERVICE_REMOVE, this::removeService);
          register(Addresses.SERVICE_GET, this::getService);
          register(Addresses.SERVICE_LIST, this::listServices);
          register(Addresses.TASK_LIST, this::listTasks);
          register(Addresses.NODE_LIST, this::listNodes);
          register(Addresses.NODE_GET, this::getNode);
          register(Addresses.NODE_UPDATE, this::updateNode);
          register(Addresses.NODE_REMOVE, this::removeNode);
          register(Addresses.STACK_DEPLOY, this::deployStack);
          register(Addresses.STACK_LIST, this::listStacks);
          register(Addresses.STACK_REMOVE, this::removeStack);
          register(Addresses.NETWORK_CREATE, this::createNetwork);
          register(Addresses.NETWORK_GET, this::getNetwork);
          register(Addresses.NETWORK_LIST, this::listNetworks);
          register(Addresses.NETWORK_REMOVE, this::removeNetwork);
          register(Addresses.TASK_STATUS, this::taskReports);
          register(Addresses.ASSIGNMENTS_GET, this::assignmentsFor);
          register(Addresses.NODE_LIVENESS, this::nodeLiveness);
          register(Addresses.CLUSTER_JOIN, this::join);
          register(Addresses.JOIN_TOKENS_GET, this::joinTokens);
          register(Addresses.JOIN_TOKEN_ROTATE, this::rotateJoinToken);
          vertx.setPeriodic(config.tick().toMillis(), id -> reconcileNow());
          vertx.setPeriodic(config.assignmentRefresh().toMillis(), id -> pushAssignments(store.nodes().keySet()));
          leader = true;
          LOG.info("scheduler is the leader: {} services, {} tasks, {} nodes from {}",
              store.services().size(), store.tasks().size(), store.nodes().size(), config.dataDir());
          requestReconcile();
          return null;
        });
  }

  private void register(String address, Handler<Message<String>> handler) {
    consumers.add(vertx.eventBus().consumer(address, message -> {
      try {
        handler.handle(message);
      } catch (InvalidSpecException e) {
        message.fail(Failures.BAD_REQUEST, e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("handler of {} failed", address, e);
        message.fail(500, "internal error: " + e);
      }
    }));
  }

  @Override
  public Future<?> stop() {
    leader = false;
    return store == null ? Future.succeededFuture() : store.close();
  }

  // ---- services

  private void createService(Message<String> message) {
    ServiceSpec spec = Bus.body(message, Messages.CreateService.class).spec();
    if (findService(spec.name()).isPresent()) {
      message.fail(Failures.CONFLICT, "a service named '" + spec.name() + "' already exists");
      return;
    }
    checkNetworksExist(spec);
    Optional<String> portTaken = NetworkPlan.portTaken(spec, null, store.services().values());
    if (portTaken.isPresent()) {
      message.fail(Failures.CONFLICT, portTaken.get());
      return;
    }
    Instant now = Instant.now();
    Service service = new Service(Ids.next(random), 1, spec, null, now, now);
    Future<Void> written = ensureIngressFor(spec, now).compose(v -> store.putService(service))
        .onSuccess(v -> serviceEvent("create", service));
    replyOnceDurable(message, written, () -> view(service));
    requestReconcile();
  }

  private void checkNetworksExist(ServiceSpec spec) {
    List<String> refs = spec.networks();
    for (int i = 0; i < refs.size(); i++) {
      if (NetworkPlan.find(store.networks().values(), refs.get(i)).isEmpty()) {
        throw new InvalidSpecException("networks[" + i + "]", "no network named '" + refs.get(i)
            + "'; create it first with 'flotilla network create " + refs.get(i) + "'");
      }
    }
  }

  private Future<Void> ensureIngressFor(ServiceSpec spec, Instant now) {
    if (!spec.publishesIngress() || NetworkPlan.ingress(store.networks().values()).isPresent()) {
      return Future.succeededFuture();
    }
    Network ingress = NetworkPlan.create(Ids.next(random), new NetworkSpec(NetworkSpec.INGRESS, null, null), true,
        store.networks().values(), config.networkPool(), now);
    LOG.info("created the routing mesh's network {} ({}, VXLAN {})", ingress.name(), ingress.subnet(), ingress.vni());
    return store.putNetworks(List.of(ingress));
  }

  private void scaleService(Message<String> message) {
    Messages.ScaleService request = Bus.body(message, Messages.ScaleService.class);
    withService(message, request.service(), service -> {
      Service scaled = service.withSpec(service.spec().withReplicas(request.replicas()), Instant.now());
      replyOnceDurable(message, store.putService(scaled).onSuccess(v -> serviceEvent("scale", scaled)),
          () -> view(scaled));
      requestReconcile();
    });
  }

  private void updateService(Message<String> message) {
    Messages.UpdateService request = Bus.body(message, Messages.UpdateService.class);
    if (request.spec() == null) {
      throw new InvalidSpecException("spec", "is required");
    }
    withService(message, request.service(), service -> {
      if (request.version() != service.version()) {
        message.fail(Failures.CONFLICT, "version " + request.version() + " is stale: service " + service.name()
            + " is at version " + service.version() + "; read it again and retry");
        return;
      }
      ServiceSpec spec = request.spec();
      if (!spec.name().equals(service.name())) {
        throw new InvalidSpecException("name", "cannot change (from '" + service.name() + "' to '" + spec.name()
            + "'); create a new service instead");
      }
      if (spec.mode() != service.spec().mode()) {
        throw new InvalidSpecException("mode", "cannot change; create a new service instead");
      }
      checkNetworksExist(spec);
      Optional<String> portTaken = NetworkPlan.portTaken(spec, service.id(), store.services().values());
      if (portTaken.isPresent()) {
        message.fail(Failures.CONFLICT, portTaken.get());
        return;
      }
      Instant now = Instant.now();
      Service updated = service.withSpec(spec, now);
      if (updated.taskVersion() != service.taskVersion()) {
        LOG.info("service {} updates to version {} ({}, {} at a time)", service.name(), updated.version(),
            spec.updateConfig().order().json(), spec.updateConfig().parallelism());
      }
      replyOnceDurable(message, ensureIngressFor(spec, now).compose(v -> store.putService(updated))
          .onSuccess(v -> serviceEvent("update", updated)), () -> view(updated));
      requestReconcile();
    });
  }

  private void rollbackService(Message<String> message) {
    withService(message, Bus.body(message, Messages.ServiceRef.class).service(), service -> {
      if (service.previousSpec() == null) {
        message.fail(Failures.CONFLICT, "service " + service.name() + " has no previous spec to roll back to");
        return;
      }
      Service rolledBack = service.rolledBack(Instant.now(), "rollback requested");
      LOG.info("service {} rolls back to its previous spec", service.name());
      replyOnceDurable(message, store.putService(rolledBack).onSuccess(v -> serviceEvent("rollback", rolledBack)),
          () -> view(rolledBack));
      requestReconcile();
    });
  }

  private void removeService(Message<String> message) {
    withService(message, Bus.body(message, Messages.ServiceRef.class).service(), service -> {
      Messages.ServiceView last = view(service);
      replyOnceDurable(message, store.removeService(service.id()).onSuccess(v -> serviceEvent("remove", service)),
          () -> last);
      requestReconcile();
    });
  }

  private void getService(Message<String> message) {
    withService(message, Bus.body(message, Messages.ServiceRef.class).service(),
        service -> Bus.reply(message, view(service)));
  }

  private void listServices(Message<String> message) {
    Map<String, List<Task>> byService = tasksByService();
    Bus.reply(message, new Messages.ServiceList(store.services().values().stream()
        .sorted(Comparator.comparing(Service::name))
        .map(s -> view(s, byService.getOrDefault(s.id(), List.of())))
        .toList()));
  }

  private void withService(Message<String> message, String ref, java.util.function.Consumer<Service> action) {
    Optional<Service> service = findService(ref);
    if (service.isEmpty()) {
      message.fail(Failures.NOT_FOUND, "no such service: " + ref);
    } else {
      action.accept(service.get());
    }
  }

  /** By exact id, exact name, or an unambiguous id prefix — like the docker CLI. */
  private Optional<Service> findService(String ref) {
    Map<String, Service> services = store.services();
    if (services.containsKey(ref)) {
      return Optional.of(services.get(ref));
    }
    Optional<Service> byName = services.values().stream().filter(s -> s.name().equals(ref)).findFirst();
    if (byName.isPresent()) {
      return byName;
    }
    List<Service> byPrefix = services.values().stream().filter(s -> s.id().startsWith(ref)).toList();
    return byPrefix.size() == 1 ? Optional.of(byPrefix.get(0)) : Optional.empty();
  }

  private Messages.ServiceView view(Service service) {
    return view(service, tasksByService().getOrDefault(service.id(), List.of()));
  }

  private static Messages.ServiceView view(Service service, List<Task> tasks) {
    ServiceStatus status = ServiceStatus.of(service, tasks);
    return new Messages.ServiceView(service, status.desired(), status.running(), status.message());
  }

  private Map<String, List<Task>> tasksByService() {
    return store.tasks().values().stream().collect(Collectors.groupingBy(Task::serviceId));
  }

  // ---- events

  private void publish(Messages.Event event) {
    Bus.publish(vertx, Addresses.EVENTS, event);
  }

  private void serviceEvent(String action, Service service) {
    publish(ClusterEvents.service(action, service, Instant.now()));
  }

  private void taskEvents(Map<String, Task> before, java.util.Collection<Task> after) {
    ClusterEvents.tasks(before, after, Instant.now()).forEach(this::publish);
  }

  private <T> void replyOnceDurable(Message<String> message, Future<Void> write, java.util.function.Supplier<T> reply) {
    write.onSuccess(v -> Bus.reply(message, reply.get()))
        .onFailure(e -> {
          LOG.error("state write failed", e);
          message.fail(Failures.UNAVAILABLE, "could not store the change: " + e.getMessage());
        });
  }

  // ---- stacks

  /** Applies what {@link StackPlan} decides; a rejected deploy changes nothing. */
  private void deployStack(Message<String> message) {
    Messages.DeployStack stack = Bus.body(message, Messages.DeployStack.class);
    Instant now = Instant.now();
    StackPlan.Result plan;
    try {
      plan = StackPlan.plan(stack, store.services().values(), store.networks().values(), config.networkPool(),
          () -> Ids.next(random), now);
    } catch (StackPlan.Conflict e) {
      message.fail(Failures.CONFLICT, e.getMessage());
      return;
    }
    List<Future<?>> durable = new ArrayList<>();
    if (!plan.newNetworks().isEmpty()) {
      durable.add(store.putNetworks(plan.newNetworks()));
    }
    for (Service service : plan.writes()) {
      durable.add(ensureIngressFor(service.spec(), now).compose(v -> store.putService(service)));
    }
    plan.pruned().forEach(s -> durable.add(store.removeService(s.id())));
    Messages.StackDeployed summary = plan.summary();
    LOG.info("stack {} deployed: {} created, {} updated, {} unchanged, {} removed", stack.name(),
        summary.created().size(), summary.updated().size(), summary.unchanged().size(), summary.removed().size());
    replyOnceDurable(message, Future.all(durable).mapEmpty(), () -> summary);
    requestReconcile();
  }

  private void listStacks(Message<String> message) {
    Bus.reply(message, new Messages.StackList(StackPlan.summaries(store.services().values(),
        store.networks().values())));
  }

  /** Removes the stack's services now and its networks once no service uses them (right away, here). */
  private void removeStack(Message<String> message) {
    String name = Bus.body(message, Messages.StackRef.class).name();
    List<Service> services = store.services().values().stream()
        .filter(s -> name.equals(StackLabels.stackOf(s.spec().labels()))).toList();
    List<Network> networks = store.networks().values().stream()
        .filter(n -> name.equals(StackLabels.stackOf(n.spec().labels()))).toList();
    if (services.isEmpty() && networks.isEmpty()) {
      message.fail(Failures.NOT_FOUND, "no such stack: " + name);
      return;
    }
    List<Future<?>> durable = new ArrayList<>();
    services.forEach(s -> durable.add(store.removeService(s.id())));
    for (Network network : networks) {
      List<String> users = NetworkPlan.usersOf(network, store.services().values(), store.networks().values());
      if (users.isEmpty()) {
        durable.add(store.removeNetwork(network.id()));
      }
    }
    LOG.info("stack {} removed: {} services, {} networks", name, services.size(), networks.size());
    replyOnceDurable(message, Future.all(durable).mapEmpty(), () -> new Messages.StackDeployed(name, List.of(),
        List.of(), List.of(), services.stream().map(Service::name).sorted().toList(), List.of()));
    requestReconcile();
  }

  // ---- networks

  private void createNetwork(Message<String> message) {
    NetworkSpec spec = Bus.body(message, Messages.CreateNetwork.class).spec();
    if (spec == null) {
      throw new InvalidSpecException("name", "is required");
    }
    if (spec.name().equals(NetworkSpec.INGRESS)) {
      throw new InvalidSpecException("name", "'ingress' is the routing mesh's network; Flotilla creates it");
    }
    if (store.networks().values().stream().anyMatch(n -> n.name().equals(spec.name()))) {
      message.fail(Failures.CONFLICT, "a network named '" + spec.name() + "' already exists");
      return;
    }
    Network network;
    try {
      network = NetworkPlan.create(Ids.next(random), spec, false, store.networks().values(), config.networkPool(),
          Instant.now());
    } catch (NetworkPlan.SubnetTakenException e) {
      message.fail(Failures.CONFLICT, e.getMessage());
      return;
    } catch (IllegalStateException e) {
      message.fail(Failures.UNAVAILABLE, e.getMessage());
      return;
    }
    LOG.info("created network {} ({}, VXLAN {})", network.name(), network.subnet(), network.vni());
    replyOnceDurable(message, store.putNetworks(List.of(network))
        .onSuccess(v -> publish(ClusterEvents.network("create", network, Instant.now()))), () -> network);
  }

  private void getNetwork(Message<String> message) {
    withNetwork(message, Bus.body(message, Messages.NetworkRef.class).network(), n -> Bus.reply(message, n));
  }

  private void listNetworks(Message<String> message) {
    Bus.reply(message, new Messages.NetworkList(store.networks().values().stream()
        .sorted(Comparator.comparing(Network::name)).toList()));
  }

  private void removeNetwork(Message<String> message) {
    withNetwork(message, Bus.body(message, Messages.NetworkRef.class).network(), network -> {
      List<String> users = NetworkPlan.usersOf(network, store.services().values(), store.networks().values());
      if (!users.isEmpty()) {
        message.fail(Failures.CONFLICT, "network " + network.name() + " is in use by service"
            + (users.size() > 1 ? "s " : " ") + String.join(", ", users) + "; remove them first");
        return;
      }
      LOG.info("removed network {}", network.name());
      replyOnceDurable(message, store.removeNetwork(network.id())
          .onSuccess(v -> publish(ClusterEvents.network("remove", network, Instant.now()))), () -> network);
      pushAssignments(Set.of());
    });
  }

  private void withNetwork(Message<String> message, String ref, java.util.function.Consumer<Network> action) {
    NetworkPlan.find(store.networks().values(), ref).ifPresentOrElse(action,
        () -> message.fail(Failures.NOT_FOUND, "no such network: " + ref));
  }

  // ---- tasks and nodes

  private void listTasks(Message<String> message) {
    Messages.TaskQuery q = Bus.body(message, Messages.TaskQuery.class);
    Optional<String> serviceId = Optional.empty();
    if (q.service() != null && !q.service().isBlank()) {
      Optional<Service> service = findService(q.service());
      if (service.isEmpty()) {
        message.fail(Failures.NOT_FOUND, "no such service: " + q.service());
        return;
      }
      serviceId = service.map(Service::id);
    }
    Optional<String> nodeId = Optional.empty();
    if (q.node() != null && !q.node().isBlank()) {
      Optional<Node> node = findNode(q.node());
      if (node.isEmpty()) {
        message.fail(Failures.NOT_FOUND, "no such node: " + q.node());
        return;
      }
      nodeId = node.map(Node::id);
    }
    Optional<TaskState> state = Optional.empty();
    if (q.state() != null && !q.state().isBlank()) {
      try {
        state = Optional.of(TaskState.valueOf(q.state().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        message.fail(Failures.BAD_REQUEST, "state: unknown task state '" + q.state() + "'");
        return;
      }
    }
    Optional<String> s = serviceId;
    Optional<String> n = nodeId;
    Optional<TaskState> st = state;
    Bus.reply(message, new Messages.TaskList(store.tasks().values().stream()
        .filter(t -> s.map(t.serviceId()::equals).orElse(true))
        .filter(t -> n.map(id -> id.equals(t.nodeId())).orElse(true))
        .filter(t -> st.map(x -> x == t.state()).orElse(true))
        .sorted(Comparator.comparing(Task::serviceName).thenComparingInt(Task::slot)
            .thenComparing(Task::nodeId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Task::createdAt, Comparator.reverseOrder()))
        .toList()));
  }

  private void listNodes(Message<String> message) {
    Bus.reply(message, new Messages.NodeList(store.nodes().values().stream()
        .sorted(Comparator.comparing(Node::hostname).thenComparing(Node::id)).toList()));
  }

  private void getNode(Message<String> message) {
    String ref = Bus.body(message, Messages.NodeRef.class).node();
    findNode(ref).ifPresentOrElse(n -> Bus.reply(message, n),
        () -> message.fail(Failures.NOT_FOUND, "no such node: " + ref));
  }

  private void updateNode(Message<String> message) {
    Messages.UpdateNode request = Bus.body(message, Messages.UpdateNode.class);
    NodeUpdate update = request.update() != null ? request.update() : new NodeUpdate(null, null, null, null);
    withNode(message, request.node(), node -> {
      Node updated = update.applyTo(node, Instant.now());
      if (updated == node) {
        Bus.reply(message, node);
        return;
      }
      if (updated.availability() != node.availability()) {
        LOG.info("node {} ({}) is now {}", node.hostname(), node.id(), updated.availability().json());
      }
      replyOnceDurable(message, store.putNode(updated), () -> updated);
      requestReconcile();
    });
  }

  /**
   * Removes a node that is DOWN (any node with {@code force}). Its tasks become ORPHANED at the
   * next reconciliation and are replaced elsewhere. The health monitors are told to forget it,
   * and its liveness reports are ignored until its agent heartbeats again: a removed agent that
   * still runs comes back as a new registration, with the agent's own labels and ACTIVE.
   */
  private void removeNode(Message<String> message) {
    Messages.RemoveNode request = Bus.body(message, Messages.RemoveNode.class);
    withNode(message, request.node(), node -> {
      if (node.state() != NodeState.DOWN && !request.force()) {
        message.fail(Failures.CONFLICT, "node " + node.hostname() + " (" + Ids.shortId(node.id()) + ") is "
            + node.state()
            + ": only a DOWN node can be removed; stop its agent first, or force the removal (--force, ?force=true)");
        return;
      }
      removedNodes.put(node.id(), Instant.now());
      LOG.info("node {} ({}) removed{}", node.hostname(), node.id(), request.force() ? " (forced)" : "");
      replyOnceDurable(message, store.removeNode(node.id()), () -> node);
      Bus.publish(vertx, Addresses.NODE_REMOVED, new Messages.NodeRef(node.id()));
      requestReconcile();
    });
  }

  private void withNode(Message<String> message, String ref, java.util.function.Consumer<Node> action) {
    Optional<Node> node = findNode(ref);
    if (node.isEmpty()) {
      message.fail(Failures.NOT_FOUND, "no such node: " + ref);
    } else {
      action.accept(node.get());
    }
  }

  private Optional<Node> findNode(String ref) {
    Map<String, Node> nodes = store.nodes();
    if (nodes.containsKey(ref)) {
      return Optional.of(nodes.get(ref));
    }
    List<Node> matches = nodes.values().stream()
        .filter(n -> n.hostname().equals(ref) || n.id().startsWith(ref)).toList();
    return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
  }

  private void taskReports(Message<String> message) {
    Messages.TaskReports reports = Bus.body(message, Messages.TaskReports.class);
    List<Task> changed = new ArrayList<>();
    for (TaskStatus status : reports.statuses()) {
      store.task(status.taskId()).flatMap(t -> Observations.apply(t, status)).ifPresent(updated -> {
        if (updated.state() == TaskState.RUNNING && store.task(updated.id()).map(Task::state).orElse(null) != TaskState.RUNNING) {
          metrics.taskRunning(updated, status.at());
        }
        changed.add(updated);
      });
    }
    if (!changed.isEmpty()) {
      Map<String, Task> before = store.tasks();
      store.writeTasks(changed, List.of());
      taskEvents(before, changed);
      requestReconcile();
      // Service discovery and the routing mesh follow task addresses on every node of a network.
      pushAssignments(Set.of());
    }
  }

  private void assignmentsFor(Message<String> message) {
    Bus.reply(message, assignments(Bus.body(message, Messages.NodeRef.class).node()));
  }

  private void nodeLiveness(Message<String> message) {
    Instant now = Instant.now();
    boolean changed = false;
    for (Messages.NodeLiveness liveness : Bus.body(message, Messages.NodeLivenessReport.class).nodes()) {
      Node current = store.nodes().get(liveness.node().id());
      if (current == null && !heardSinceRemoval(liveness)) {
        continue;
      }
      Node next = current == null
          ? Node.register(liveness.node(), liveness.state(), now)
          : current.refresh(liveness.node(), liveness.state(), now);
      if (!next.sameAs(current)) {
        if (current == null || current.state() != next.state()) {
          LOG.info("node {} ({}) is {}", next.hostname(), next.id(), next.state());
          publish(ClusterEvents.node(next, now));
          if (next.state() == NodeState.READY) {
            dirtyNodes.add(next.id());
          }
        }
        store.putNode(next);
        changed = true;
      }
    }
    if (changed) {
      requestReconcile();
      Set<String> returning = Set.copyOf(dirtyNodes);
      dirtyNodes.clear();
      pushAssignments(returning);
    }
  }

  // ---- membership

  private Map<NodeRole, Integer> tokenGenerations() {
    Map<NodeRole, Integer> generations = new EnumMap<>(NodeRole.class);
    for (NodeRole role : NodeRole.values()) {
      generations.put(role, store.setting(tokenGenerationKey(role)).map(Integer::parseInt).orElse(0));
    }
    return generations;
  }

  private static String tokenGenerationKey(NodeRole role) {
    return "joinToken." + role.json() + ".generation";
  }

  private void join(Message<String> message) {
    Messages.JoinRequest request = Bus.body(message, Messages.JoinRequest.class);
    Optional<NodeRole> role = JoinTokens.verify(request.token(), config.cluster(), tokenGenerations());
    if (role.isEmpty()) {
      LOG.warn("refused a join from {} ({}): invalid or rotated token", request.hostname(), request.address());
      message.fail(Failures.FORBIDDEN, "invalid join token: it is not a current token of this cluster "
          + "(it may have been rotated; ask a manager for 'flotilla join-token worker')");
      return;
    }
    LOG.info("{} ({}) joins as a {}", request.hostname(), request.address(), role.get().json());
    Bus.reply(message, new Messages.JoinGrant(role.get(), config.cluster().clusterId(),
        config.cluster().hazelcastClusterName(), managerAddresses(), config.heartbeatPeriod()));
  }

  private List<String> managerAddresses() {
    return hazelcast.map(hz -> hz.getCluster().getMembers().stream()
            .filter(m -> !m.isLiteMember())
            .map(m -> m.getAddress().getHost() + ":" + m.getAddress().getPort())
            .sorted().toList())
        .orElse(List.of());
  }

  private void joinTokens(Message<String> message) {
    Map<NodeRole, Integer> generations = tokenGenerations();
    Bus.reply(message, new Messages.JoinTokenList(
        JoinTokens.token(config.cluster(), NodeRole.WORKER, generations.get(NodeRole.WORKER)),
        JoinTokens.token(config.cluster(), NodeRole.MANAGER, generations.get(NodeRole.MANAGER))));
  }

  private void rotateJoinToken(Message<String> message) {
    NodeRole role = Bus.body(message, Messages.RotateJoinToken.class).role();
    if (role == null) {
      message.fail(Failures.BAD_REQUEST, "role: is required (worker or manager)");
      return;
    }
    int next = tokenGenerations().get(role) + 1;
    store.putSetting(tokenGenerationKey(role), String.valueOf(next))
        .onSuccess(v -> {
          LOG.info("rotated the {} join token", role.json());
          joinTokens(message);
        })
        .onFailure(e -> message.fail(Failures.UNAVAILABLE, "could not store the rotation: " + e.getMessage()));
  }

  /** Whether a report about a node that is not (or no longer) known may register it. */
  private boolean heardSinceRemoval(Messages.NodeLiveness liveness) {
    Instant removedAt = removedNodes.get(liveness.node().id());
    if (removedAt == null) {
      return true;
    }
    if (liveness.lastHeartbeat() == null || !liveness.lastHeartbeat().isAfter(removedAt)) {
      return false;
    }
    LOG.info("removed node {} ({}) heartbeats again; it rejoins", liveness.node().hostname(), liveness.node().id());
    removedNodes.remove(liveness.node().id());
    return true;
  }

  // ---- reconciliation

  private void requestReconcile() {
    if (!reconcileScheduled) {
      reconcileScheduled = true;
      vertx.setTimer(DEBOUNCE_MS, id -> reconcileNow());
    }
  }

  private void reconcileNow() {
    reconcileScheduled = false;
    long start = System.nanoTime();
    Plan plan = reconciler.reconcile(store.snapshot(), Instant.now(), random);
    metrics.reconciled(System.nanoTime() - start);
    apply(plan);
    plan.wakeAt().ifPresent(this::wakeAt);
    metrics.update(store.services().values(), store.tasks().values(), store.nodes().values(), tasksByService());
  }

  /** The only place that writes the scheduler's decisions. */
  private void apply(Plan plan) {
    if (plan.isEmpty()) {
      return;
    }
    for (Service service : plan.services()) {
      LOG.info("service {}: {}", service.name(), service.updateStatus().message());
      serviceEvent(service.updateStatus().state().json(), service);
      store.putService(service).onFailure(e -> LOG.error("could not store the rollout of {}", service.name(), e));
    }
    Map<String, Task> before = store.tasks();
    for (Task t : plan.upserts()) {
      Task old = before.get(t.id());
      if (t.nodeId() != null && (old == null || old.desiredState() != t.desiredState()
          || !t.nodeId().equals(old.nodeId()) || old.state() == TaskState.PENDING)) {
        dirtyNodes.add(t.nodeId());
      }
    }
    for (String id : plan.removals()) {
      Task old = before.get(id);
      if (old != null && old.nodeId() != null) {
        dirtyNodes.add(old.nodeId());
      }
    }
    store.writeTasks(plan.upserts(), plan.removals())
        .onFailure(e -> LOG.error("could not store a reconciliation plan", e));
    taskEvents(before, plan.upserts());
    Set<String> nodes = Set.copyOf(dirtyNodes);
    dirtyNodes.clear();
    pushAssignments(nodes);
  }

  private void wakeAt(Instant at) {
    if (wakeTimer >= 0) {
      vertx.cancelTimer(wakeTimer);
    }
    long delay = Math.max(1, Duration.between(Instant.now(), at).toMillis() + 1);
    wakeTimer = vertx.setTimer(delay, id -> {
      wakeTimer = -1;
      reconcileNow();
    });
  }

  /**
   * Sends each node its assignments when what they ask of it differs from what it was last sent
   * (not merely a task's reported progress: the agent knows that), and to the nodes in {@code
   * always} regardless (a node coming back, the periodic refresh).
   */
  private void pushAssignments(Set<String> always) {
    Map<String, Set<String>> needs = allocateNetworkRanges();
    for (Node node : store.nodes().values()) {
      if (node.state() == NodeState.DOWN) {
        continue;
      }
      Messages.Assignments next = assignments(node.id(), needs);
      if (always.contains(node.id()) || !next.sameIntentAs(lastSent.get(node.id()))) {
        lastSent.put(node.id(), next);
        Bus.send(vertx, Addresses.assignments(node.id()), next);
      }
    }
  }

  /** Gives every node that needs a network an address range of it; returns who needs what. */
  private Map<String, Set<String>> allocateNetworkRanges() {
    Map<String, Service> services = store.services();
    Map<String, Set<String>> needs = NetworkPlan.needs(services, store.tasks().values(), store.networks().values(),
        store.nodes().values());
    try {
      List<Network> changed = NetworkPlan.allocateRanges(store.networks().values(), needs);
      if (!changed.isEmpty()) {
        store.putNetworks(changed).onFailure(e -> LOG.error("could not store network address ranges", e));
      }
    } catch (IllegalStateException e) {
      LOG.error("cannot give a node an address range: {}", e.getMessage());
    }
    return needs;
  }

  private Messages.Assignments assignments(String nodeId) {
    return assignments(nodeId, allocateNetworkRanges());
  }

  private Messages.Assignments assignments(String nodeId, Map<String, Set<String>> needs) {
    Map<String, Service> services = store.services();
    Function<Task, ServiceSpec> specOf = t -> Optional.ofNullable(services.get(t.serviceId()))
        .map(Service::spec).orElse(null);
    List<Task> tasks = List.copyOf(store.tasks().values());
    List<Network> networks = List.copyOf(store.networks().values());
    List<Messages.NodeNetwork> nodeNetworks = NetworkPlan.forNode(nodeId, networks, needs, store.nodes(), services,
        tasks);
    return new Messages.Assignments(nodeId, tasks.stream()
        .filter(t -> nodeId.equals(t.nodeId()) && t.state() != TaskState.PENDING)
        .sorted(Comparator.comparing(Task::id))
        .map(t -> {
          ServiceSpec spec = specOf.apply(t);
          return new Messages.Assignment(t, spec, spec == null ? List.of() : NetworkPlan.networkNamesOf(spec, networks));
        })
        .toList(), Instant.now(), nodeNetworks,
        nodeNetworks.stream().anyMatch(n -> n.name().equals(NetworkSpec.INGRESS))
            ? NetworkPlan.ingressRoutes(services, tasks, networks) : List.of());
  }
}
