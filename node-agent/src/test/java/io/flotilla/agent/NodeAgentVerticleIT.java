package io.flotilla.agent;

import static io.flotilla.agent.docker.TestDocker.await;
import static io.flotilla.agent.docker.TestDocker.observed;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import io.flotilla.agent.docker.DockerEngine;
import io.flotilla.agent.docker.TestDocker;
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
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent against the real engine, with the test playing the scheduler: it answers the
 * agent's request for assignments, pushes assignment sets and collects the task reports.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeAgentVerticleIT {
  private static final Duration SOON = Duration.ofSeconds(10);
  private static DockerEngine engine;

  private final String nodeId = TestDocker.nodeId();
  private final ConcurrentLinkedQueue<TaskStatus> reports = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Messages.Heartbeat> heartbeats = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Messages.Assignments> current = new AtomicReference<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Vertx vertx;

  @BeforeAll
  static void engine() {
    TestDocker.image();
    engine = new DockerEngine(TestDocker.HOST, Duration.ofSeconds(20));
  }

  @AfterAll
  static void closeEngine() throws Exception {
    engine.close();
  }

  @BeforeEach
  void scheduler(Vertx vertx) {
    this.vertx = vertx;
    current.set(new Messages.Assignments(nodeId, List.of(), Instant.now()));
    vertx.eventBus().<String>consumer(Addresses.TASK_STATUS, m -> {
      reports.addAll(Bus.body(m, Messages.TaskReports.class).statuses());
      m.reply("{}");
    });
    vertx.eventBus().<String>consumer(Addresses.NODE_HEARTBEAT,
        m -> heartbeats.add(Bus.body(m, Messages.Heartbeat.class)));
  }

  @AfterEach
  void cleanUp() throws Exception {
    // The agent goes first, or it would recreate what the cleanup removes.
    vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    TestDocker.removeContainers(nodeId);
  }

  private void answerAssignmentRequests() {
    vertx.eventBus().<String>consumer(Addresses.ASSIGNMENTS_GET, m -> Bus.reply(m, current.get()));
  }

  private void deployAgent() throws Exception {
    AgentConfig config = new AgentConfig(nodeId, "host-" + nodeId, "127.0.0.1", NodeRole.WORKER,
        Map.of("zone", "a"), Duration.ofMillis(200), Duration.ofSeconds(1));
    vertx.deployVerticle(new NodeAgentVerticle(config, engine, registry))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void push(List<Assignment> assignments) {
    Messages.Assignments set = new Messages.Assignments(nodeId, assignments, Instant.now());
    current.set(set);
    Bus.send(vertx, Addresses.assignments(nodeId), set);
  }

  private Optional<TaskStatus> reported(String taskId, Predicate<TaskStatus> matching) {
    return reports.stream().filter(r -> r.taskId().equals(taskId) && matching.test(r)).findFirst();
  }

  private TaskStatus awaitReport(String taskId, TaskState state, Duration timeout) {
    await(taskId + " reported " + state + " (reports so far: " + reports + ")", timeout,
        () -> reported(taskId, r -> r.state() == state).isPresent());
    return reported(taskId, r -> r.state() == state).orElseThrow();
  }

  private List<Container> running() {
    return TestDocker.containers(nodeId).stream().filter(c -> "running".equals(c.getState())).toList();
  }

  @Test
  void runsReportsStopsAndRemovesTasks() throws Exception {
    answerAssignmentRequests();
    deployAgent();
    ServiceSpec web = ServiceSpec.of("web", TestDocker.IMAGE, 2);
    Assignment one = TestDocker.assignment(nodeId, TestDocker.taskId(), 1, web);
    Assignment two = TestDocker.assignment(nodeId, TestDocker.taskId(), 2, web);

    // The same set three times over: still one container per task.
    push(List.of(one, two));
    push(List.of(one, two));
    push(List.of(one, two));

    TaskStatus oneRunning = awaitReport(one.task().id(), TaskState.RUNNING, SOON);
    TaskStatus twoRunning = awaitReport(two.task().id(), TaskState.RUNNING, SOON);
    assertThat(oneRunning.containerId()).isNotNull();
    assertThat(oneRunning.startedAt()).isNotNull();
    assertThat(oneRunning.nodeId()).isEqualTo(nodeId);
    assertThat(running()).hasSize(2);
    assertThat(running()).allSatisfy(c -> assertThat(c.getLabels())
        .containsEntry("flotilla.node.id", nodeId)
        .containsEntry("flotilla.service.name", "web")
        .containsKey("flotilla.task.id"));
    Thread.sleep(1_500);
    assertThat(TestDocker.containers(nodeId)).as("no duplicate after resyncs").hasSize(2);

    // The scheduler has taken the reports; a killed container is reported FAILED at once.
    one = observed(one, oneRunning, DesiredState.RUNNING);
    two = observed(two, twoRunning, DesiredState.RUNNING);
    push(List.of(one, two));
    TestDocker.client().killContainerCmd(oneRunning.containerId()).exec();
    TaskStatus failed = awaitReport(one.task().id(), TaskState.FAILED, Duration.ofSeconds(2));
    assertThat(failed.exitCode()).isEqualTo(137);
    assertThat(failed.error()).isEqualTo("task: non-zero exit (137)");
    assertThat(failed.finishedAt()).isNotNull();

    // Shutdown: the live container is stopped and reported SHUTDOWN; the dead one stays as it is.
    one = observed(one, failed, DesiredState.SHUTDOWN);
    two = observed(two, twoRunning, DesiredState.SHUTDOWN);
    push(List.of(one, two));
    TaskStatus shutdown = awaitReport(two.task().id(), TaskState.SHUTDOWN, SOON);
    assertThat(shutdown.exitCode()).isZero();
    assertThat(running()).isEmpty();
    assertThat(TestDocker.containers(nodeId)).hasSize(2);

    // Tasks no longer assigned: their containers go.
    push(List.of());
    await("containers removed", SOON, () -> TestDocker.containers(nodeId).isEmpty());
    assertThat(registry.get("flotilla_agent_container_start").timer().count()).isEqualTo(2);
  }

  @Test
  void aTaskWhoseImageCannotBeHad_isRejectedWithDockersError() throws Exception {
    answerAssignmentRequests();
    deployAgent();
    Assignment nope = TestDocker.assignment(nodeId, TestDocker.taskId(), 1,
        ServiceSpec.of("nope", "does-not-exist/nope:1", 1));

    push(List.of(nope));

    TaskStatus rejected = awaitReport(nope.task().id(), TaskState.REJECTED, Duration.ofSeconds(30));
    assertThat(rejected.error()).startsWith("cannot pull image does-not-exist/nope:1: ").hasSizeGreaterThan(40);
    assertThat(TestDocker.containers(nodeId)).isEmpty();
    assertThat(registry.get("flotilla_agent_docker_errors").tag("operation", "create").counter().count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void asksForItsAssignmentsUntilTheSchedulerAnswers_andHeartbeats() throws Exception {
    Assignment one = TestDocker.assignment(nodeId, TestDocker.taskId(), 1, ServiceSpec.of("late", TestDocker.IMAGE, 1));
    current.set(new Messages.Assignments(nodeId, List.of(one), Instant.now()));
    deployAgent();
    Thread.sleep(300);

    answerAssignmentRequests();

    awaitReport(one.task().id(), TaskState.RUNNING, SOON);
    await("heartbeats", SOON, () -> heartbeats.size() >= 2);
    Messages.Heartbeat beat = heartbeats.peek();
    assertThat(beat.node().id()).isEqualTo(nodeId);
    assertThat(beat.node().hostname()).isEqualTo("host-" + nodeId);
    assertThat(beat.node().labels()).containsEntry("zone", "a");
    assertThat(beat.node().resources().cpus()).isPositive();
    assertThat(beat.node().resources().memoryBytes()).isPositive();
    assertThat(beat.node().engineVersion()).isNotBlank();
  }

  @Test
  void aRestartedAgent_adoptsTheContainersItFinds_andRemovesStrays() throws Exception {
    ServiceSpec web = ServiceSpec.of("web", TestDocker.IMAGE, 1);
    Assignment kept = TestDocker.assignment(nodeId, TestDocker.taskId(), 1, web);
    Assignment stray = TestDocker.assignment(nodeId, TestDocker.taskId(), 2, web);
    String keptId = engine.containers().createAndStart(kept).containerId();
    engine.containers().createAndStart(stray);
    TaskStatus keptRunning = new TaskStatus(kept.task().id(), nodeId, TaskState.RUNNING, keptId, "started",
        null, null, Instant.now(), null, Instant.now(), null);
    current.set(new Messages.Assignments(nodeId, List.of(observed(kept, keptRunning, DesiredState.RUNNING)),
        Instant.now()));

    answerAssignmentRequests();
    deployAgent();

    await("the stray removed", SOON, () -> TestDocker.containers(nodeId).size() == 1);
    Thread.sleep(1_500);
    assertThat(TestDocker.containers(nodeId)).extracting(Container::getId).containsExactly(keptId);
    assertThat(reports).as("nothing new to say about the kept task")
        .noneMatch(r -> r.taskId().equals(kept.task().id()));
  }
}
