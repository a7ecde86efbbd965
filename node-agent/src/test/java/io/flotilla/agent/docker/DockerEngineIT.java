package io.flotilla.agent.docker;

import static io.flotilla.agent.docker.TestDocker.assignment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.flotilla.agent.engine.EngineInfo;
import io.flotilla.agent.engine.ImageUnavailableException;
import io.flotilla.agent.engine.TaskContainers;
import io.flotilla.agent.step.ContainerObservation;
import io.flotilla.agent.step.ContainerObservation.Status;
import io.flotilla.bus.Messages.Assignment;
import io.flotilla.model.PortConfig;
import io.flotilla.model.Resources;
import io.flotilla.model.ServiceSpec;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DockerEngineIT {
  private static DockerEngine engine;
  private static TaskContainers containers;
  private final String nodeId = TestDocker.nodeId();

  @BeforeAll
  static void engine() {
    TestDocker.image();
    engine = new DockerEngine(TestDocker.HOST, Duration.ofSeconds(20));
    containers = engine.containers();
  }

  @AfterAll
  static void close() throws Exception {
    engine.close();
  }

  @AfterEach
  void cleanUp() {
    TestDocker.removeContainers(nodeId);
  }

  private static ServiceSpec spec(String name, List<String> command, List<String> args, Map<String, String> env) {
    return new ServiceSpec(name, TestDocker.IMAGE, null, 1, command, args, env, Map.of("team", "blue"),
        null, null, null, null, null, null, null, null, null);
  }

  @Test
  void info_describesTheEngine() {
    EngineInfo info = engine.info();

    assertThat(info.version()).isNotBlank();
    assertThat(info.cpus()).isPositive();
    assertThat(info.memoryBytes()).isPositive();
  }

  @Test
  void createAndStart_runsTheTaskUnderItsSwarmName_withItsLabels() {
    Assignment a = assignment(nodeId, TestDocker.taskId(), 2, spec("web", null, null, null));

    ContainerObservation started = containers.createAndStart(a);

    assertThat(started.status()).isEqualTo(Status.RUNNING);
    assertThat(started.taskId()).isEqualTo(a.task().id());
    assertThat(started.startedAt()).isNotNull();
    InspectContainerResponse inspected = TestDocker.client().inspectContainerCmd(started.containerId()).exec();
    assertThat(inspected.getName()).isEqualTo("/web.2." + a.task().id());
    assertThat(inspected.getConfig().getLabels()).containsAllEntriesOf(Map.of(
        "team", "blue",
        "flotilla.task.id", a.task().id(),
        "flotilla.service.id", a.task().serviceId(),
        "flotilla.service.name", "web",
        "flotilla.task.slot", "2",
        "flotilla.node.id", nodeId));
    assertThat(containers.list(nodeId)).extracting(ContainerObservation::containerId)
        .containsExactly(started.containerId());
  }

  @Test
  void createAndStart_isIdempotent_aSecondAttemptAdoptsTheFirstContainer() {
    Assignment a = assignment(nodeId, TestDocker.taskId(), 1, spec("web", null, null, null));

    ContainerObservation first = containers.createAndStart(a);
    ContainerObservation second = containers.createAndStart(a);

    assertThat(second.containerId()).isEqualTo(first.containerId());
    assertThat(second.status()).isEqualTo(Status.RUNNING);
    assertThat(TestDocker.containers(nodeId)).hasSize(1);
  }

  @Test
  void createAndStart_ofACreatedButNeverStartedContainer_startsIt() {
    Assignment a = assignment(nodeId, TestDocker.taskId(), 1, spec("web", null, null, null));
    TestDocker.client().createContainerCmd(TestDocker.IMAGE).withName(Containers.name(a))
        .withLabels(Containers.labels(a)).exec();

    ContainerObservation started = containers.createAndStart(a);

    assertThat(started.status()).isEqualTo(Status.RUNNING);
    assertThat(TestDocker.containers(nodeId)).hasSize(1);
  }

  @Test
  void commandArgsAndEnv_followSwarm_commandReplacesTheEntrypointArgsTheCmd() {
    Assignment a = assignment(nodeId, TestDocker.taskId(), 1,
        spec("job", List.of("sh", "-c"), List.of("exit $CODE"), Map.of("CODE", "3")));

    String id = containers.createAndStart(a).containerId();

    TestDocker.await("the job to exit", Duration.ofSeconds(10),
        () -> containers.inspect(id).map(o -> o.status() == Status.EXITED).orElse(false));
    ContainerObservation exited = containers.inspect(id).orElseThrow();
    assertThat(exited.exitCode()).isEqualTo(3);
    assertThat(exited.finishedAt()).isNotNull();
  }

  @Test
  void hostPortsAreBound_ingressPortsAreNot_limitsAreEnforced_andTheEngineNeverRestarts() {
    ServiceSpec spec = new ServiceSpec("web", TestDocker.IMAGE, null, 1, null, null, null, null,
        List.of(new PortConfig(18080, 80, null, PortConfig.PublishMode.HOST),
            new PortConfig(18081, 81, null, PortConfig.PublishMode.INGRESS)), null,
        new Resources(null, new Resources.Amount(0.5, 64L << 20)), null, null, null, null, null, null);

    String id = containers.createAndStart(assignment(nodeId, TestDocker.taskId(), 1, spec)).containerId();

    InspectContainerResponse inspected = TestDocker.client().inspectContainerCmd(id).exec();
    Map<ExposedPort, Ports.Binding[]> bindings = inspected.getHostConfig().getPortBindings().getBindings();
    assertThat(bindings).containsOnlyKeys(ExposedPort.tcp(80));
    assertThat(bindings.get(ExposedPort.tcp(80))[0].getHostPortSpec()).isEqualTo("18080");
    assertThat(inspected.getHostConfig().getMemory()).isEqualTo(64L << 20);
    assertThat(inspected.getHostConfig().getNanoCPUs()).isEqualTo(500_000_000L);
    assertThat(inspected.getHostConfig().getRestartPolicy().getName()).isIn("", "no");
  }

  @Test
  void everyContainerOption_isWhatTheEngineRuns() throws Exception {
    String id = containers.createAndStart(assignment(nodeId, TestDocker.taskId(), 1,
        ServiceOptionsFixture.spec(TestDocker.IMAGE))).containerId();

    com.fasterxml.jackson.databind.JsonNode inspected = TestDocker.inspectJson(id);
    com.fasterxml.jackson.databind.JsonNode config = inspected.path("Config");
    com.fasterxml.jackson.databind.JsonNode host = inspected.path("HostConfig");
    assertThat(inspected.path("State").path("Running").asBoolean()).as("running: %s", inspected.path("State"))
        .isTrue();
    assertThat(config.path("User").asText()).isEqualTo("1000:1000");
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/bin");
    assertThat(config.path("Hostname").asText()).isEqualTo("task-host");
    assertThat(config.path("StopSignal").asText()).isEqualTo("SIGINT");
    assertThat(config.path("StopTimeout").asInt()).isEqualTo(21);
    assertThat(host.path("Init").asBoolean()).isTrue();
    assertThat(host.path("CapAdd").toString()).contains("NET_ADMIN");
    assertThat(host.path("CapDrop").toString()).contains("MKNOD");
    assertThat(host.path("Sysctls").path("net.core.somaxconn").asText()).isEqualTo("512");
    assertThat(host.path("Ulimits").toString()).isEqualTo("[{\"Name\":\"nofile\",\"Hard\":2048,\"Soft\":1024}]");
    assertThat(host.path("ExtraHosts").toString()).isEqualTo("[\"db.local:10.0.0.5\"]");
    assertThat(host.path("Dns").toString()).isEqualTo("[\"10.0.0.53\"]");
    assertThat(host.path("DnsSearch").toString()).isEqualTo("[\"example.com\"]");
    assertThat(host.path("ReadonlyRootfs").asBoolean()).isTrue();
    assertThat(host.path("LogConfig").path("Type").asText()).isEqualTo("json-file");
    assertThat(host.path("LogConfig").path("Config").path("max-size").asText()).isEqualTo("1m");
    assertThat(host.path("PidsLimit").asLong()).isEqualTo(64);
    com.fasterxml.jackson.databind.JsonNode tmpfs = host.path("Mounts").get(0);
    assertThat(tmpfs.path("Type").asText()).isEqualTo("tmpfs");
    assertThat(tmpfs.path("Target").asText()).isEqualTo("/run");
    assertThat(tmpfs.path("TmpfsOptions").path("SizeBytes").asLong()).isEqualTo(8L << 20);
    assertThat(tmpfs.path("TmpfsOptions").path("Mode").asInt()).isEqualTo(01770);
  }

  @Test
  void aMissingImageThatCannotBePulled_isUnavailable_inDockersWords() {
    ServiceSpec spec = ServiceSpec.of("nope", "does-not-exist/nope:1", 1);

    assertThatThrownBy(() -> containers.createAndStart(assignment(nodeId, TestDocker.taskId(), 1, spec)))
        .isInstanceOf(ImageUnavailableException.class)
        .hasMessageStartingWith("cannot pull image does-not-exist/nope:1: ")
        .hasMessageNotContaining("Status 5");
    assertThat(TestDocker.containers(nodeId)).isEmpty();
  }

  @Test
  void stopThenRemove_areIdempotent() {
    String id = containers.createAndStart(assignment(nodeId, TestDocker.taskId(), 1, spec("web", null, null, null)))
        .containerId();

    containers.stop(id, 5);
    containers.stop(id, 5);
    ContainerObservation stopped = containers.inspect(id).orElseThrow();
    assertThat(stopped.status()).isEqualTo(Status.EXITED);
    assertThat(stopped.exitCode()).isZero();

    containers.remove(id);
    containers.remove(id);
    assertThat(containers.inspect(id)).isEmpty();
    assertThat(containers.list(nodeId)).isEmpty();
  }

  @Test
  void listTasks_seesStateChangesMadeBehindItsBack() {
    String id = containers.createAndStart(assignment(nodeId, TestDocker.taskId(), 1, spec("web", null, null, null)))
        .containerId();
    assertThat(containers.list(nodeId)).extracting(ContainerObservation::status).containsExactly(Status.RUNNING);

    TestDocker.client().killContainerCmd(id).exec();

    TestDocker.await("the kill to show", Duration.ofSeconds(5),
        () -> containers.list(nodeId).get(0).status() == Status.EXITED);
    assertThat(containers.list(nodeId).get(0).exitCode()).isEqualTo(137);
  }

  @Test
  void events_tellWhichContainerChanged_andEndSilentlyWhenClosed() throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicBoolean ended = new AtomicBoolean();
    Closeable subscription = engine.events().follow(nodeId, seen::add, () -> ended.set(true));
    Thread.sleep(200);

    String id = containers.createAndStart(assignment(nodeId, TestDocker.taskId(), 1, spec("web", null, null, null)))
        .containerId();
    assertThat(seen).as("the agent's own starts are not events").doesNotContain(id);
    containers.stop(id, 1);

    TestDocker.await("an event about the stopped container", Duration.ofSeconds(5), () -> seen.contains(id));
    subscription.close();
    Thread.sleep(200);
    assertThat(ended).isFalse();
  }

  @Test
  void events_ofAnotherNodesContainers_areNotSeen() throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    try (Closeable subscription = engine.events().follow(nodeId, seen::add, () -> { })) {
      Thread.sleep(200);
      String other = TestDocker.nodeId();
      try {
        String theirs = containers.createAndStart(
            assignment(other, TestDocker.taskId(), 1, spec("web", null, null, null))).containerId();
        String mine = containers.createAndStart(
            assignment(nodeId, TestDocker.taskId(), 1, spec("web", null, null, null))).containerId();
        containers.stop(theirs, 1);
        containers.stop(mine, 1);
        TestDocker.await("an event about this node's container", Duration.ofSeconds(5), () -> seen.contains(mine));
        assertThat(seen).containsOnly(mine);
      } finally {
        TestDocker.removeContainers(other);
      }
    }
  }
}
