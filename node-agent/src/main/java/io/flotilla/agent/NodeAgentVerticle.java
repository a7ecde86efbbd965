package io.flotilla.agent;

import io.flotilla.agent.engine.Engine;
import io.flotilla.agent.engine.EngineInfo;
import io.flotilla.agent.engine.ImageUnavailableException;
import io.flotilla.agent.step.ContainerObservation;
import io.flotilla.agent.step.Step;
import io.flotilla.agent.step.TaskStepper;
import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.model.ContainerOptions;
import io.flotilla.model.DesiredState;
import io.flotilla.model.NodeDescription;
import io.flotilla.model.Resources;
import io.flotilla.model.TaskState;
import io.flotilla.model.TaskStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: runs the tasks the scheduler assigns to this node on the local Docker
 * engine, which it sees only through {@link Engine}, and reports what becomes of them.
 *
 * <p>Level-triggered: every task is stepped on each assignment set, on each Docker event about
 * its container (debounced) and on a periodic full listing, so a lost message or event costs
 * one resync period at most. All Docker calls run on one bounded worker pool; a task has at
 * most one Docker action in flight, which with the engine's idempotent creation means never two
 * containers for one task. Steps become side effects in {@link #apply}.
 */
public final class NodeAgentVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NodeAgentVerticle.class);
  private static final String DOCKER_POOL = "flotilla-docker";
  private static final int DOCKER_CONCURRENCY = 16;
  private static final long MESH_DRAIN_MS = 1_000;
  private static final long REPORT_BATCH_MS = 5;
  private static final long REPORT_RETRY_MS = 200;
  /** Longer than a manager takes to commit when it has a quorum, shorter than a human notices. */
  private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(4);
  private static final long EVENT_DEBOUNCE_MS = 20;
  private static final long RECONNECT_MS = 1_000;
  /**
   * How long the managers hold the node of an agent that stops on purpose: a new agent (a
   * restarted container, an upgrade) has this long to take over before the node goes DOWN. Long
   * enough for a JVM to start on a busy host; short, because a host that shuts down stops its
   * agent the same way and its tasks wait this long to move.
   */
  static final Duration RESTART_HOLD = Duration.ofSeconds(30);
  /** Time for the last heartbeat to leave before the event bus closes. */
  private static final long LAST_WORD_MS = 200;
  /** How often the scheduler re-sends the full assignment set (SchedulerConfig's default). */
  private static final Duration ASSIGNMENT_REFRESH = Duration.ofSeconds(2);
  private static final Duration OVERLAY_TIMEOUT = Duration.ofSeconds(60);

  private final AgentConfig config;
  private final Engine engine;
  private final AgentMetrics metrics;
  private final TaskTable table;
  private final Set<String> inFlight = new HashSet<>();
  private final Set<String> stepAgain = new HashSet<>();
  private final Set<String> draining = new HashSet<>();
  private final Set<String> pendingInspections = new HashSet<>();
  private final Map<String, TaskStatus> outbox = new LinkedHashMap<>();
  private WorkerExecutor docker;
  private NodeDescription description;
  private Closeable events;
  private long eventsGeneration;
  /** Overlay networks by name: their gateways (which answer DNS) once ready here, or why they are not. */
  private Map<String, String> networkGateways = Map.of();
  private Map<String, String> networkFailures = Map.of();
  private Messages.OverlayApply overlayWanted;
  private Instant lastWordFromScheduler = Instant.EPOCH;
  private boolean outOfTouch = true;
  private boolean pulling;
  private boolean listing;
  private boolean stopping;

  public NodeAgentVerticle(AgentConfig config, Engine engine, MeterRegistry registry) {
    this.config = config;
    this.engine = engine;
    this.metrics = new AgentMetrics(registry);
    this.table = new TaskTable(config.nodeId());
  }

  @Override
  public Future<?> start() {
    docker = vertx.createSharedWorkerExecutor(DOCKER_POOL, DOCKER_CONCURRENCY);
    engine.images().fetchArchivesFrom(new io.flotilla.agent.images.BusImageArchives(vertx));
    return blocking("info", engine::info)
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "no Docker engine answers at " + engine.host() + ": " + engine.errorText(e), e)))
        .compose(info -> {
          description = describe(info);
          LOG.info("node agent {} ({}) on Docker {}: {} CPUs, {} MiB", config.nodeId(), config.hostname(),
              info.version(), info.cpus(), info.memoryBytes() >> 20);
          MessageConsumer<String> consumer =
              vertx.eventBus().consumer(Addresses.assignments(config.nodeId()), this::onAssignments);
          return consumer.completion();
        })
        .onSuccess(registered -> {
          heartbeat();
          vertx.setPeriodic(config.heartbeatPeriod().toMillis(), id -> heartbeat());
          followEvents();
          vertx.setPeriodic(config.resyncPeriod().toMillis(), id -> resync());
        })
        .onFailure(e -> docker.close());
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (description != null) {
      // Stopped on purpose (SIGTERM: docker stop or restart, an upgrade): ask the managers to hold
      // this node while a new agent comes, so that they do not move its tasks meanwhile.
      Instant now = Instant.now();
      Bus.publish(vertx, Addresses.NODE_HEARTBEAT, new Messages.Heartbeat(description, now, now.plus(RESTART_HOLD)));
    }
    Closeable subscription = events;
    events = null;
    return blocking("events", () -> {
      closeQuietly(subscription);
      return null;
    }).eventually(() -> docker.close())
        .eventually(() -> vertx.timer(LAST_WORD_MS));
  }

  private NodeDescription describe(EngineInfo info) {
    return new NodeDescription(config.nodeId(), config.hostname(), config.address(), config.role(),
        config.labels(), new Resources.Amount(info.cpus(), info.memoryBytes()), info.version());
  }

  private void heartbeat() {
    if (stopping) {
      return; // the last word, holding the node, is said; a plain beat after it would end the hold
    }
    Instant now = Instant.now();
    Bus.publish(vertx, Addresses.NODE_HEARTBEAT, new Messages.Heartbeat(description, now));
    if (outOfTouch || now.isAfter(lastWordFromScheduler.plus(silence()))) {
      pullAssignments();
    }
  }

  // ---- what the scheduler wants

  private void onAssignments(Message<String> message) {
    Messages.Assignments assignments;
    try {
      assignments = Bus.body(message, Messages.Assignments.class);
    } catch (RuntimeException e) {
      LOG.warn("ignoring unreadable assignments: {}", e.getMessage());
      return;
    }
    accept(assignments);
  }

  private void accept(Messages.Assignments assignments) {
    lastWordFromScheduler = Instant.now();
    if (table.accept(assignments)) {
      applyOverlay(assignments);
      stepAll();
    }
  }

  /** Tells this node's overlay which networks and mesh ports it needs; tasks wait for their networks. */
  private void applyOverlay(Messages.Assignments assignments) {
    Messages.OverlayApply wanted = new Messages.OverlayApply(assignments.networks(), assignments.ingress());
    if (wanted.equals(overlayWanted)) {
      return;
    }
    overlayWanted = wanted;
    if (wanted.networks().isEmpty() && networkGateways.isEmpty() && networkFailures.isEmpty()
        && wanted.ingress().isEmpty()) {
      return;
    }
    Bus.request(vertx, Addresses.overlay(config.nodeId()), wanted, Messages.OverlayState.class, OVERLAY_TIMEOUT)
        .onSuccess(state -> {
          Map<String, String> gateways = new HashMap<>();
          wanted.networks().stream().filter(n -> state.ready().contains(n.name()))
              .forEach(n -> gateways.put(n.name(), n.gateway()));
          networkGateways = gateways;
          networkFailures = state.failed();
          stepAll();
        })
        .onFailure(e -> {
          LOG.warn("the overlay did not set up this node's networks: {}", e.getMessage());
          overlayWanted = null;
        });
  }

  /**
   * The scheduler pushes the full assignment set on every change and every 2 s, so a longer
   * silence means the way to this node is broken (a partition, a manager failing over). Then
   * the agent asks itself, once per heartbeat until it gets an answer (pushes queued during a
   * partition may arrive late with old news), and the first answer after a partition heals
   * stops the containers the scheduler has since placed elsewhere.
   */
  private void pullAssignments() {
    if (stopping || pulling) {
      return;
    }
    pulling = true;
    Bus.request(vertx, Addresses.ASSIGNMENTS_GET, new Messages.NodeRef(config.nodeId()), Messages.Assignments.class,
            config.heartbeatPeriod())
        .onComplete(done -> pulling = false)
        .onSuccess(assignments -> {
          if (outOfTouch) {
            outOfTouch = false;
            LOG.info("in touch with the scheduler: {} tasks for this node", assignments.assignments().size());
          }
          accept(assignments);
        })
        .onFailure(e -> {
          if (!outOfTouch) {
            outOfTouch = true;
            LOG.warn("the scheduler does not answer ({}); asking again every heartbeat", e.getMessage());
          }
        });
  }

  private Duration silence() {
    return ASSIGNMENT_REFRESH.plus(config.heartbeatPeriod().dividedBy(2));
  }

  // ---- what the engine has

  private void resync() {
    if (listing || stopping) {
      return;
    }
    listing = true;
    long stamp = table.stamp();
    blocking("list", () -> engine.containers().list(config.nodeId()))
        .onComplete(done -> listing = false)
        .onSuccess(containers -> {
          table.observeAll(containers, stamp);
          stepAll();
        });
  }

  private void followEvents() {
    if (stopping) {
      return;
    }
    long generation = ++eventsGeneration;
    Closeable previous = events;
    events = null;
    blocking("events", () -> {
      closeQuietly(previous);
      return engine.events().follow(config.nodeId(),
          containerId -> context.runOnContext(v -> containerEvent(containerId)),
          () -> context.runOnContext(v -> eventsEnded(generation)));
    }).onSuccess(subscription -> {
      events = subscription;
      resync();
    }).onFailure(e -> eventsEnded(generation));
  }

  /** Runs at most once per subscription, however it ended. */
  private void eventsEnded(long generation) {
    if (stopping || generation != eventsGeneration) {
      return;
    }
    eventsGeneration++;
    LOG.info("Docker event stream ended; reconnecting in {} ms", RECONNECT_MS);
    vertx.setTimer(RECONNECT_MS, id -> followEvents());
  }

  private void containerEvent(String containerId) {
    if (stopping || !pendingInspections.add(containerId)) {
      return;
    }
    vertx.setTimer(EVENT_DEBOUNCE_MS, id -> {
      pendingInspections.remove(containerId);
      long stamp = table.stamp();
      blocking("inspect", () -> engine.containers().inspect(containerId))
          .onSuccess(container -> table.observeContainer(containerId, container, stamp).ifPresent(this::step));
    });
  }

  // ---- stepping

  private void stepAll() {
    table.taskIds().forEach(this::step);
  }

  private void step(String taskId) {
    if (stopping || !table.ready()) {
      return;
    }
    if (inFlight.contains(taskId)) {
      stepAgain.add(taskId);
      return;
    }
    apply(taskId, TaskStepper.step(table.assignment(taskId), table.observation(taskId), Instant.now()));
  }

  /** The one place where a step becomes a Docker call or a report. */
  private void apply(String taskId, Step step) {
    if (step instanceof Step.Report report) {
      report(report.status());
    } else if (step instanceof Step.Create create) {
      Messages.Assignment assignment = create.assignment();
      Optional<String> broken = assignment.networks().stream().filter(networkFailures::containsKey).findFirst();
      if (broken.isPresent()) {
        apply(taskId, TaskStepper.rejected(assignment, "network " + broken.get() + " is not available on this node: "
            + networkFailures.get(broken.get()), Instant.now()));
        return;
      }
      if (!networkGateways.keySet().containsAll(assignment.networks())) {
        return; // stepped again once the overlay has the networks ready
      }
      String dns = assignment.networks().isEmpty() ? null : networkGateways.get(assignment.networks().get(0));
      act(taskId, "create", () -> Optional.of(createAndStart(assignment, dns)),
          e -> createFailed(taskId, assignment, e));
    } else if (step instanceof Step.Start start) {
      act(taskId, "start", () -> {
        engine.containers().start(start.containerId());
        return engine.containers().inspect(start.containerId());
      }, e -> {});
    } else if (step instanceof Step.Stop stop) {
      Messages.Assignment wanted = table.assignment(taskId);
      LOG.info("stopping task {}: the scheduler wants it {}", taskId,
          wanted == null ? "gone" : wanted.task().desiredState());
      boolean drain = wanted != null && wanted.spec() != null && wanted.spec().publishesIngress()
          && wanted.task().state() == TaskState.RUNNING && wanted.task().desiredState() != DesiredState.RUNNING;
      if (drain && draining.add(taskId)) {
        // The routing mesh on every node hears that the task is going with the same push that
        // told this agent; a moment's grace lets it stop sending connections before they fail.
        inFlight.add(taskId);
        vertx.setTimer(MESH_DRAIN_MS, id -> {
          inFlight.remove(taskId);
          stepAgain.remove(taskId);
          step(taskId);
        });
        return;
      }
      draining.remove(taskId);
      // The service's stop grace period; a task whose assignment is gone gets the engine's default.
      int grace = wanted != null && wanted.spec() != null ? wanted.spec().container().stopSeconds()
          : ContainerOptions.DEFAULT_STOP_SECONDS;
      act(taskId, "stop", () -> {
        engine.containers().stop(stop.containerId(), grace);
        return engine.containers().inspect(stop.containerId());
      }, e -> {});
    } else if (step instanceof Step.Remove remove) {
      act(taskId, "remove", () -> {
        engine.containers().remove(remove.containerId());
        return Optional.<ContainerObservation>empty();
      }, e -> {});
    }
  }

  /**
   * Runs a Docker action for a task, then steps the task again on the container it left. A
   * failed action is retried by the next resync rather than at once, unless news about the
   * task arrived while it ran.
   */
  private void act(String taskId, String operation, Callable<Optional<ContainerObservation>> action,
      Consumer<Throwable> onFailure) {
    inFlight.add(taskId);
    blocking(operation, action).onComplete(done -> {
      inFlight.remove(taskId);
      boolean news = stepAgain.remove(taskId);
      if (done.succeeded()) {
        table.observe(taskId, done.result(), table.stamp());
        step(taskId);
      } else {
        onFailure.accept(done.cause());
        if (news) {
          step(taskId);
        }
      }
    });
  }

  private ContainerObservation createAndStart(Messages.Assignment assignment, String dnsServer) {
    long begin = System.nanoTime();
    ContainerObservation started = engine.containers().createAndStart(assignment, dnsServer);
    metrics.containerStarted(Duration.ofNanos(System.nanoTime() - begin));
    return started;
  }

  private void createFailed(String taskId, Messages.Assignment assignment, Throwable error) {
    Instant now = Instant.now();
    apply(taskId, error instanceof ImageUnavailableException
        ? TaskStepper.rejected(assignment, error.getMessage(), now)
        : TaskStepper.failed(assignment, engine.errorText(error), now));
  }

  // ---- reports

  /** Reports of one burst (say, 30 starts finishing together) travel in one message. */
  private void report(TaskStatus status) {
    if (outbox.isEmpty()) {
      vertx.setTimer(REPORT_BATCH_MS, id -> flush());
    }
    outbox.put(status.taskId(), status);
  }

  /**
   * Sends the waiting reports to a manager, which answers once they are in the managers' log.
   * Reports a manager did not take (it died, or has no quorum) are sent again, unless a newer
   * report of the same task has come meanwhile: none is lost to a manager's death.
   */
  private void flush() {
    List<TaskStatus> statuses = List.copyOf(outbox.values());
    outbox.clear();
    if (statuses.isEmpty()) {
      return;
    }
    Bus.request(vertx, Addresses.TASK_STATUS, new Messages.TaskReports(config.nodeId(), statuses), Object.class,
            REPORT_TIMEOUT)
        .onFailure(e -> {
          if (stopping) {
            return;
          }
          LOG.debug("{} task reports not taken ({}); sending them again", statuses.size(), e.getMessage());
          boolean wasEmpty = outbox.isEmpty();
          statuses.forEach(s -> outbox.putIfAbsent(s.taskId(), s));
          if (wasEmpty) {
            vertx.setTimer(REPORT_RETRY_MS, id -> flush());
          }
        });
  }

  // ---- the Docker pool

  private <T> Future<T> blocking(String operation, Callable<T> call) {
    return docker.executeBlocking(call, false).onFailure(e -> {
      metrics.dockerError(operation);
      LOG.warn("Docker {} failed: {}", operation, engine.errorText(e));
    });
  }

  private static void closeQuietly(Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      LOG.debug("closing the Docker event stream failed", e);
    }
  }
}
