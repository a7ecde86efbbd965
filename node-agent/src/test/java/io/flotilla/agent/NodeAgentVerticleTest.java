package io.flotilla.agent;

import static io.flotilla.agent.docker.TestDocker.await;
import static io.flotilla.agent.docker.TestDocker.observed;
import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.agent.docker.DockerEngine;
import io.flotilla.agent.docker.TestDocker;
import io.flotilla.agent.engine.FakeEngine;
import io.flotilla.agent.step.ContainerObservation;
import io.flotilla.agent.step.ContainerObservation.Status;
import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.bus.Messages.Assignment;
import io.flotilla.model.DesiredState;
import io.flotilla.model.NodeRole;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.TaskState;
import io.flotilla.model.TaskStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent against an in-process {@link FakeEngine}, with the test playing the scheduler: it
 * answers the agent's request for assignments, pushes assignment sets and collects the task
 * reports. {@link OverTheDockerApi} runs the agent on the Docker adapters against an engine
 * faked at the HTTP level. {@code NodeAgentVerticleIT} is the same story on the real engine.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class NodeAgentVerticleTest {
  private static final Duration SOON = Duration.ofSeconds(10);
  private static final String IMAGE = "flotilla-test/web:1";
  private static final ServiceSpec WEB = ServiceSpec.of("web", IMAGE, 2);

  private final String nodeId = "n1";
  private final ConcurrentLinkedQueue<TaskStatus> reports = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Messages.Assignments> current = new AtomicReference<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FakeEngine engine = new FakeEngine(IMAGE);
  private Vertx vertx;

  @BeforeEach
  void scheduler(Vertx vertx) {
    this.vertx = vertx;
    current.set(new Messages.Assignments(nodeId, List.of(), Instant.now()));
    vertx.eventBus().<String>consumer(Addresses.TASK_STATUS, m -> {
      reports.addAll(Bus.body(m, Messages.TaskReports.class).statuses());
      m.reply("{}");
    });
  }

  /**
   * Deploys the agent, which resyncs every {@code resync}: with a minute, what it learns after its
   * first listing comes from events and its own calls.
   */
  private void deployAgent(Duration resync) throws Exception {
    vertx.eventBus().<String>consumer(Addresses.ASSIGNMENTS_GET, m -> Bus.reply(m, current.get()));
    AgentConfig config = new AgentConfig(nodeId, "host1", "127.0.0.1", NodeRole.WORKER, Map.of(),
        Duration.ofMillis(200), resync);
    vertx.deployVerticle(new NodeAgentVerticle(config, engine, registry))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void deployAgent() throws Exception {
    deployAgent(Duration.ofMinutes(1));
  }

  private Assignment assignment(int slot, ServiceSpec spec) {
    return TestDocker.assignment(nodeId, TestDocker.taskId(), slot, spec);
  }

  private void push(Assignment... assignments) {
    Messages.Assignments set = new Messages.Assignments(nodeId, List.of(assignments), Instant.now());
    current.set(set);
    Bus.send(vertx, Addresses.assignments(nodeId), set);
  }

  private Optional<TaskStatus> reported(String taskId, Predicate<TaskStatus> matching) {
    return reports.stream().filter(r -> r.taskId().equals(taskId) && matching.test(r)).findFirst();
  }

  private TaskStatus awaitReport(Assignment a, TaskState state) {
    String taskId = a.task().id();
    await(taskId + " reported " + state + " (reports so far: " + reports + ")", SOON,
        () -> reported(taskId, r -> r.state() == state).isPresent());
    return reported(taskId, r -> r.state() == state).orElseThrow();
  }

  private ContainerObservation container(String containerId) {
    return engine.all().stream().filter(c -> c.containerId().equals(containerId)).findFirst().orElseThrow();
  }

  @Test
  void anAssignment_createsAndStartsOneContainer_andTheManagerHearsItRunning() throws Exception {
    deployAgent();
    Assignment one = assignment(1, WEB);

    // The same set three times over: still one container.
    push(one);
    push(one);
    push(one);

    TaskStatus running = awaitReport(one, TaskState.RUNNING);
    assertThat(running.nodeId()).isEqualTo(nodeId);
    assertThat(running.startedAt()).isNotNull();
    assertThat(engine.all()).singleElement().satisfies(c -> {
      assertThat(c.containerId()).isEqualTo(running.containerId());
      assertThat(c.taskId()).isEqualTo(one.task().id());
      assertThat(c.status()).isEqualTo(Status.RUNNING);
    });
    assertThat(engine.count("createAndStart " + one.task().id())).isEqualTo(1);
    assertThat(registry.get("flotilla_agent_container_start").timer().count()).isEqualTo(1);
  }

  @Test
  void anAgentStoppedOnPurpose_saysLastThatItsNodeIsHeld_noPlainHeartbeatAfterIt() throws Exception {
    ConcurrentLinkedQueue<Messages.Heartbeat> beats = new ConcurrentLinkedQueue<>();
    vertx.eventBus().<String>consumer(Addresses.NODE_HEARTBEAT, m -> beats.add(Bus.body(m, Messages.Heartbeat.class)));
    deployAgent();
    await("a first heartbeat", SOON, () -> !beats.isEmpty());

    vertx.undeploy(vertx.deploymentIDs().iterator().next()).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    await("the heartbeat that holds the node", SOON, () -> beats.stream().anyMatch(b -> b.holdUntil() != null));

    List<Messages.Heartbeat> all = List.copyOf(beats);
    assertThat(all.get(all.size() - 1).holdUntil()).as("the last of %s", all).isNotNull();
  }

  @Test
  void aContainerThatDies_isReportedFailed_withItsExitCode_fromTheEnginesEvent() throws Exception {
    deployAgent();
    Assignment one = assignment(1, WEB);
    push(one);
    TaskStatus running = awaitReport(one, TaskState.RUNNING);
    push(observed(one, running, DesiredState.RUNNING));

    engine.kill(running.containerId());

    TaskStatus failed = awaitReport(one, TaskState.FAILED);
    assertThat(failed.containerId()).isEqualTo(running.containerId());
    assertThat(failed.exitCode()).isEqualTo(137);
    assertThat(failed.error()).isEqualTo("task: non-zero exit (137)");
    assertThat(failed.finishedAt()).isNotNull();
    assertThat(engine.calls()).as("no listing since the start: the event told").containsOnlyOnce("list " + nodeId);
  }

  @Test
  void aDesiredShutdown_stopsTheContainer_andATaskNoLongerAssigned_hasItRemoved() throws Exception {
    deployAgent();
    Assignment one = assignment(1, WEB);
    push(one);
    TaskStatus running = awaitReport(one, TaskState.RUNNING);

    push(observed(one, running, DesiredState.SHUTDOWN));

    TaskStatus shutdown = awaitReport(one, TaskState.SHUTDOWN);
    assertThat(shutdown.exitCode()).isZero();
    assertThat(container(running.containerId()).status()).isEqualTo(Status.EXITED);

    push();

    await("the container removed", SOON, () -> engine.all().isEmpty());
    assertThat(engine.calls()).containsSubsequence("stop " + running.containerId(), "remove " + running.containerId());
  }

  @Test
  void stoppingATask_givesItTheServicesStopGracePeriod_roundedUpToSeconds() throws Exception {
    deployAgent();
    ServiceSpec graceful = new ServiceSpec("web", IMAGE, null, 1, null, null, null, null, null, null, null, null,
        null, null, null, null, null, new io.flotilla.model.ContainerOptions(null, null, null, null, null,
            java.time.Duration.ofMillis(44_500), null, null, null, null, null, null, null, false, null), null, null,
        null);
    Assignment one = assignment(1, graceful);
    Assignment two = assignment(2, WEB);
    push(one, two);
    TaskStatus first = awaitReport(one, TaskState.RUNNING);
    TaskStatus second = awaitReport(two, TaskState.RUNNING);

    push(observed(one, first, DesiredState.SHUTDOWN), observed(two, second, DesiredState.SHUTDOWN));

    awaitReport(one, TaskState.SHUTDOWN);
    awaitReport(two, TaskState.SHUTDOWN);
    assertThat(engine.stopTimeout(first.containerId())).isEqualTo(45);
    assertThat(engine.stopTimeout(second.containerId())).isEqualTo(10);
  }

  @Test
  void onStart_theAgentAdoptsTheRunningContainerOfAnAssignedTask_andRemovesStrays() throws Exception {
    Assignment kept = assignment(1, WEB);
    Assignment stray = assignment(2, WEB);
    String keptId = engine.containers().createAndStart(kept).containerId();
    String strayId = engine.containers().createAndStart(stray).containerId();
    TaskStatus keptRunning = new TaskStatus(kept.task().id(), nodeId, TaskState.RUNNING, keptId, "started",
        null, null, Instant.now(), null, Instant.now(), null);
    Assignment fresh = assignment(2, WEB);
    current.set(new Messages.Assignments(nodeId,
        List.of(observed(kept, keptRunning, DesiredState.RUNNING), fresh), Instant.now()));
    int before = engine.calls().size();

    deployAgent(Duration.ofMillis(200));

    // The fresh task running and the stray gone show the set and a listing were stepped; two
    // more listings later, anything the agent meant to do about the kept task has been asked.
    awaitReport(fresh, TaskState.RUNNING);
    await("the stray removed", SOON, () -> engine.all().stream().noneMatch(c -> c.containerId().equals(strayId)));
    long listings = engine.count("list " + nodeId);
    await("two more listings", SOON, () -> engine.count("list " + nodeId) >= listings + 2);
    List<String> asked = engine.calls().subList(before, engine.calls().size());
    assertThat(asked).noneMatch(call -> call.startsWith("createAndStart " + kept.task().id())
        || call.equals("stop " + keptId) || call.equals("start " + keptId) || call.equals("remove " + keptId));
    assertThat(engine.all()).extracting(ContainerObservation::taskId)
        .containsExactlyInAnyOrder(kept.task().id(), fresh.task().id());
    assertThat(container(keptId).status()).isEqualTo(Status.RUNNING);
    assertThat(engine.created()).as("the two made before the agent, and the fresh task's").isEqualTo(3);
    assertThat(reports).as("nothing new to say about the kept task")
        .noneMatch(r -> r.taskId().equals(kept.task().id()));
  }

  @Test
  void aMissingImageThatCannotBePulled_isRejected_withTheEnginesReason() throws Exception {
    deployAgent();
    Assignment nope = assignment(1, ServiceSpec.of("nope", "does-not-exist/nope:1", 1));

    push(nope);

    TaskStatus rejected = awaitReport(nope, TaskState.REJECTED);
    assertThat(rejected.error()).isEqualTo("cannot pull image does-not-exist/nope:1: pull access denied for "
        + "does-not-exist/nope:1, repository does not exist or may require 'docker login'");
    assertThat(engine.all()).isEmpty();
    assertThat(registry.get("flotilla_agent_docker_errors").tag("operation", "create").counter().count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void aMissingImageThatCanBePulled_isPulled_andItsTaskRuns() throws Exception {
    engine.pullable("flotilla-test/later:1");
    deployAgent();
    Assignment later = assignment(1, ServiceSpec.of("later", "flotilla-test/later:1", 1));

    push(later);

    awaitReport(later, TaskState.RUNNING);
    assertThat(engine.calls()).containsSubsequence("createAndStart " + later.task().id(), "pull flotilla-test/later:1");
  }

  @Test
  void anEndedEventStream_isFollowedAgain_andTheAgentResyncs_thenHearsTheNextDeath() throws Exception {
    deployAgent();
    Assignment one = assignment(1, WEB);
    push(one);
    TaskStatus running = awaitReport(one, TaskState.RUNNING);
    push(observed(one, running, DesiredState.RUNNING));
    assertThat(engine.eventStreams()).isEqualTo(1);

    engine.endEventStreams();

    await("the events followed again, then a listing", SOON,
        () -> engine.eventStreams() == 1 && engine.count("list " + nodeId) == 2);
    engine.kill(running.containerId());
    assertThat(awaitReport(one, TaskState.FAILED).exitCode()).isEqualTo(137);
  }

  /** The agent on the Docker adapters, against an engine faked over HTTP that drops its event stream. */
  @Nested
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  class OverTheDockerApi {
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private DockerEngine engine;

    @AfterEach
    void close() throws Exception {
      if (engine != null) {
        engine.close();
      }
    }

    private static AgentConfig config() {
      return new AgentConfig("n1", "host1", null, NodeRole.WORKER, Map.of(), null, Duration.ofMillis(300));
    }

    private int count(String path) {
      return requests.getOrDefault(path, new AtomicInteger()).get();
    }

    /** Answers info and an empty container list; every event stream ends after 100 ms. */
    private void fakeEngine(Vertx vertx, HttpServerRequest request) {
      String path = request.path().replaceFirst("^/v[0-9.]+", "");
      requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      switch (path) {
        case "/info" -> request.response().putHeader("content-type", "application/json")
            .end("{\"ServerVersion\":\"fake-1\",\"NCPU\":2,\"MemTotal\":1073741824}");
        case "/containers/json" -> request.response().putHeader("content-type", "application/json").end("[]");
        case "/events" -> {
          request.response().setChunked(true).putHeader("content-type", "application/json").write("");
          vertx.setTimer(100, id -> request.response().end());
        }
        default -> request.response().setStatusCode(404).end("{\"message\":\"not faked\"}");
      }
    }

    @Test
    void anEndedEventStream_isFollowedAgainAfterABackOff_thenTheAgentResyncs(Vertx vertx, VertxTestContext test) {
      HttpServer server = vertx.createHttpServer().requestHandler(r -> fakeEngine(vertx, r));
      server.listen(0, "127.0.0.1").compose(listening -> {
        engine = new DockerEngine("tcp://127.0.0.1:" + listening.actualPort());
        return vertx.deployVerticle(new NodeAgentVerticle(config(), engine, new SimpleMeterRegistry()));
      }).onComplete(test.succeeding(id -> vertx.setTimer(2_500, t -> test.verify(() -> {
        // One stream at start, then one per ~1.1 s (100 ms of stream, 1 s of back-off).
        assertThat(count("/events")).isBetween(2, 4);
        assertThat(count("/containers/json")).isGreaterThanOrEqualTo(count("/events"));
        test.completeNow();
      }))));
    }

    @Test
    void heartbeatsCarryTheEnginesResources_andTheAgentAsksForItsAssignments(Vertx vertx, VertxTestContext test) {
      Checkpoint heartbeat = test.laxCheckpoint();
      Checkpoint asked = test.laxCheckpoint(2);
      vertx.eventBus().<String>consumer(Addresses.NODE_HEARTBEAT, m -> test.verify(() -> {
        assertThat(m.body()).contains("\"engineVersion\":\"fake-1\"", "\"cpus\":2.0", "\"memoryBytes\":1073741824");
        heartbeat.flag();
      })).completion().compose(v -> vertx.eventBus().<String>consumer(Addresses.ASSIGNMENTS_GET, m -> {
        asked.flag();
        m.fail(503, "no leader yet");
      }).completion())
          .compose(v -> vertx.createHttpServer().requestHandler(r -> fakeEngine(vertx, r)).listen(0, "127.0.0.1"))
          .compose(listening -> {
            engine = new DockerEngine("tcp://127.0.0.1:" + listening.actualPort());
            return vertx.deployVerticle(new NodeAgentVerticle(config(), engine, new SimpleMeterRegistry()));
          }).onComplete(test.succeeding(deployed -> { }));
    }

    @Test
    void withoutAnEngine_theAgentDoesNotStart_andSaysWhere(Vertx vertx, VertxTestContext test) {
      engine = new DockerEngine("tcp://127.0.0.1:1");

      vertx.deployVerticle(new NodeAgentVerticle(config(), engine, new SimpleMeterRegistry()))
          .onComplete(test.failing(e -> test.verify(() -> {
            assertThat(e).hasMessageStartingWith("no Docker engine answers at tcp://127.0.0.1:1");
            test.completeNow();
          })));
    }
  }
}
