package io.flotilla.agent.docker;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.flotilla.bus.Messages.Assignment;
import io.flotilla.model.DesiredState;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import io.flotilla.model.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The real engine for integration tests: a raw client to poke containers behind the agent's
 * back, a tiny busybox image built from the host's static busybox, and cleanup by node label.
 */
public final class TestDocker {
  public static final String IMAGE = "flotilla-test/agent:1";
  public static final String HOST = System.getenv().getOrDefault("DOCKER_HOST", DockerEngine.DEFAULT_HOST);
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static DockerClient client;
  private static boolean imageBuilt;

  private TestDocker() {}

  /** The engine, checked to answer; a missing engine fails the test, it never skips it. */
  public static synchronized DockerClient client() {
    if (client == null) {
      DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(HOST).build();
      client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
          .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofSeconds(60)).build());
    }
    try {
      client.pingCmd().exec();
    } catch (RuntimeException e) {
      fail("needs a Docker engine at " + HOST + " (set DOCKER_HOST): " + e.getMessage(), e);
    }
    return client;
  }

  /**
   * Builds {@link #IMAGE}: busybox on scratch, whose default command runs until stopped and
   * exits 0 on SIGTERM at once.
   */
  public static synchronized String image() {
    if (imageBuilt) {
      return IMAGE;
    }
    if (!Files.isExecutable(BUSYBOX)) {
      fail("needs a static busybox at " + BUSYBOX + " to build the test image (apt-get install busybox-static)");
    }
    try {
      Path dir = Files.createTempDirectory("flotilla-image");
      Files.copy(BUSYBOX, dir.resolve("busybox"));
      Files.writeString(dir.resolve("Dockerfile"), String.join("\n",
          "FROM scratch",
          "COPY busybox /bin/busybox",
          "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]",
          "CMD [\"sh\", \"-c\", \"trap 'exit 0' TERM; while true; do sleep 1 & wait; done\"]",
          ""));
      client().buildImageCmd(dir.toFile()).withTags(Set.of(IMAGE)).exec(new BuildImageResultCallback())
          .awaitImageId();
      imageBuilt = true;
      return IMAGE;
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare the test image", e);
    }
  }

  /** {@code docker inspect} of a container as the engine writes it, every field included. */
  public static com.fasterxml.jackson.databind.JsonNode inspectJson(String containerId) throws IOException {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(HOST).build();
    try (ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
            .responseTimeout(Duration.ofSeconds(30)).build();
        com.github.dockerjava.transport.DockerHttpClient.Response response = http.execute(
            com.github.dockerjava.transport.DockerHttpClient.Request.builder()
                .method(com.github.dockerjava.transport.DockerHttpClient.Request.Method.GET)
                .path("/containers/" + containerId + "/json").build())) {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.getBody());
    }
  }

  /** A unique node id, so a test sees only its own containers. */
  public static String nodeId() {
    return "it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static String taskId() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  public static Assignment assignment(String nodeId, String taskId, int slot, ServiceSpec spec) {
    Instant now = Instant.now();
    Task task = new Task(taskId, "svc-" + spec.name(), spec.name(), slot, 1, nodeId, DesiredState.RUNNING,
        TaskState.ASSIGNED, "assigned", null, null, null, 0, 0, now, now, null, null, null);
    return new Assignment(task, spec);
  }

  /** What the scheduler would write after a report: the observed state, with the desired state given. */
  public static Assignment observed(Assignment a, TaskStatus status, DesiredState desired) {
    Task t = a.task();
    Task next = new Task(t.id(), t.serviceId(), t.serviceName(), t.slot(), t.specVersion(), t.nodeId(), desired,
        status.state(), status.message(), status.error(), status.exitCode(), status.containerId(),
        t.attempt(), t.crashStreak(), t.createdAt(), status.at(), status.startedAt(), status.finishedAt(),
        status.addresses());
    return new Assignment(next, a.spec());
  }

  public static List<Container> containers(String nodeId) {
    return client().listContainersCmd().withShowAll(true)
        .withLabelFilter(List.of("flotilla.node.id=" + nodeId)).exec();
  }

  public static void removeContainers(String nodeId) {
    for (Container c : containers(nodeId)) {
      client().removeContainerCmd(c.getId()).withForce(true).exec();
    }
  }

  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what);
      }
    }
  }
}
