package io.flotilla.agent.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.flotilla.agent.step.ContainerObservation;
import io.flotilla.bus.Json;
import io.flotilla.bus.Messages.Assignment;
import io.flotilla.model.ServiceSpec;
import io.flotilla.overlay.DockerNetworks;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The node's Docker engine, seen through Flotilla's eyes: task containers, found by their
 * labels. Every method blocks. Creation is idempotent: the container name carries the task id,
 * so a second attempt for the same task adopts the first one's container.
 */
public final class DockerEngine implements AutoCloseable, DockerNetworks {
  private static final String NETWORK_LABEL = "flotilla.network.id";
  private final Map<String, Boolean> imageChecksHealth = new ConcurrentHashMap<>();
  public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(45);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofSeconds(60);
  // Only what the agent did not cause itself; starts it made are known, others show up in the resync.
  private static final String[] EVENTS = {"die", "destroy", "oom", "health_status"};

  private final String host;
  private final DockerClient client;
  private final DockerClient streams;
  private final Duration pullTimeout;
  /** The last inspection of each listed container, so a resync inspects only what changed state. */
  private final Map<String, ContainerObservation> lastSeen = new ConcurrentHashMap<>();

  /** @param dockerHost the engine's address, as in {@code DOCKER_HOST} */
  public DockerEngine(String dockerHost) {
    this(dockerHost, DEFAULT_PULL_TIMEOUT);
  }

  public DockerEngine(String dockerHost, Duration pullTimeout) {
    this.host = dockerHost;
    this.pullTimeout = pullTimeout;
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(dockerHost).build();
    this.client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
        .maxConnections(32).connectionTimeout(CONNECT_TIMEOUT).responseTimeout(RESPONSE_TIMEOUT)
        .build());
    // An event stream is silent for as long as nothing happens: no response timeout there.
    this.streams = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
        .maxConnections(4).connectionTimeout(CONNECT_TIMEOUT)
        .build());
  }

  public String host() {
    return host;
  }

  public EngineInfo info() {
    Info info = client.infoCmd().exec();
    return new EngineInfo(info.getServerVersion(),
        info.getNCPU() == null ? 0 : info.getNCPU(),
        info.getMemTotal() == null ? 0 : info.getMemTotal());
  }

  /** Every task container of {@code nodeId} on this engine, whatever its state. */
  public List<ContainerObservation> listTasks(String nodeId) {
    List<Container> containers = client.listContainersCmd().withShowAll(true)
        .withFilter("label", List.of(Containers.TASK_LABEL, Containers.NODE_LABEL + "=" + nodeId))
        .exec();
    List<ContainerObservation> observed = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (Container container : containers) {
      listed.add(container.getId());
      ContainerObservation known = lastSeen.get(container.getId());
      if (known != null && known.status() == ContainerObservation.Status.parse(container.getState())) {
        observed.add(known);
      } else {
        inspect(container.getId()).ifPresent(observed::add);
      }
    }
    lastSeen.keySet().retainAll(listed);
    return observed;
  }

  /** The container by id or name; empty when it does not exist or is not a task's. */
  public Optional<ContainerObservation> inspect(String container) {
    try {
      Optional<ContainerObservation> observed = Containers.observation(client.inspectContainerCmd(container).exec());
      observed.ifPresent(o -> lastSeen.put(o.containerId(), o));
      return observed;
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Creates and starts the task's container, pulling its image when the engine lacks it, and
   * returns the container as it is once started. An existing container of the task is adopted
   * (started if it never was) instead of a second one being created.
   *
   * @throws ImageUnavailableException when the image is missing and cannot be pulled
   */
  public ContainerObservation createAndStart(Assignment assignment) {
    return createAndStart(assignment, null);
  }

  /** As {@link #createAndStart(Assignment)}, with the DNS server of the container's overlay networks. */
  public ContainerObservation createAndStart(Assignment assignment, String dnsServer) {
    String name = Containers.name(assignment);
    String id;
    try {
      id = create(assignment, name, dnsServer);
      for (String network : assignment.networks().subList(Math.min(1, assignment.networks().size()),
          assignment.networks().size())) {
        client.connectToNetworkCmd().withContainerId(id).withNetworkId(DockerNetworks.dockerName(network)).exec();
      }
    } catch (ConflictException e) {
      ContainerObservation existing = inspect(name)
          .orElseThrow(() -> new IllegalStateException("container " + name + " exists but cannot be inspected"));
      if (existing.status() != ContainerObservation.Status.CREATED) {
        return existing;
      }
      id = existing.containerId();
    }
    start(id);
    if (!assignment.networks().isEmpty()) {
      // Its addresses are what service discovery needs, and only the engine knows them.
      String started = id;
      return inspect(id).orElseThrow(() -> new IllegalStateException("container " + started + " vanished at start"));
    }
    // Known without asking: an inspect per container would cost the engine a third call per start.
    ContainerObservation started = new ContainerObservation(id, assignment.task().id(),
        ContainerObservation.Status.RUNNING, null, null, Instant.now(), null, false, null,
        checksHealth(assignment.spec()) ? ContainerObservation.Health.STARTING : ContainerObservation.Health.NONE,
        null);
    lastSeen.put(id, started);
    return started;
  }

  public void start(String containerId) {
    try {
      client.startContainerCmd(containerId).exec();
    } catch (NotModifiedException e) {
      // already running
    }
  }

  public void stop(String containerId, int timeoutSeconds) {
    try {
      client.stopContainerCmd(containerId).withTimeout(timeoutSeconds).exec();
    } catch (NotModifiedException | NotFoundException e) {
      // already stopped, or gone
    }
  }

  public void remove(String containerId) {
    try {
      client.removeContainerCmd(containerId).withForce(true).exec();
    } catch (NotFoundException e) {
      // already gone
    } catch (ConflictException e) {
      // "removal already in progress": the engine is doing it
    }
    lastSeen.remove(containerId);
  }

  /**
   * Follows the engine's events about task containers of {@code nodeId}, calling {@code
   * onContainer} with the container id on a docker-java thread. {@code onEnd} runs once if the
   * stream ends by itself (the engine restarted, say), never after {@link Closeable#close()}.
   */
  public Closeable events(String nodeId, Consumer<String> onContainer, Runnable onEnd) {
    EventSubscription subscription = new EventSubscription(onContainer, onEnd);
    streams.eventsCmd()
        .withEventTypeFilter(EventType.CONTAINER)
        .withLabelFilter(Containers.TASK_LABEL, Containers.NODE_LABEL + "=" + nodeId)
        .withEventFilter(EVENTS)
        .exec(subscription);
    return subscription;
  }

  // ---- overlay networks' Docker side

  @Override
  public void ensureNetwork(Definition network) {
    Optional<Network> existing = client.listNetworksCmd().withNameFilter(network.name()).exec().stream()
        .filter(n -> n.getName().equals(network.name())).findFirst();
    if (existing.isPresent()) {
      if (sameAddressing(existing.get(), network)) {
        return;
      }
      removeNetwork(network.name());
    }
    client.createNetworkCmd()
        .withName(network.name())
        .withDriver("bridge")
        .withCheckDuplicate(true)
        .withLabels(Map.of(NETWORK_LABEL, network.networkId()))
        .withOptions(Map.of("com.docker.network.bridge.name", network.bridge(),
            "com.docker.network.driver.mtu", String.valueOf(network.mtu())))
        .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config()
            .withSubnet(network.subnet()).withIpRange(network.range()).withGateway(network.gateway())))
        .exec();
  }

  private static boolean sameAddressing(Network existing, Definition wanted) {
    if (existing.getLabels() == null || !wanted.networkId().equals(existing.getLabels().get(NETWORK_LABEL))
        || existing.getIpam() == null || existing.getIpam().getConfig() == null) {
      return false;
    }
    return existing.getIpam().getConfig().stream().anyMatch(c -> wanted.subnet().equals(c.getSubnet())
        && wanted.range().equals(c.getIpRange()) && wanted.gateway().equals(c.getGateway()));
  }

  @Override
  public void removeNetwork(String name) {
    try {
      client.removeNetworkCmd(name).exec();
    } catch (NotFoundException e) {
      // already gone
    }
  }

  @Override
  public Map<String, String> managedNetworks() {
    Map<String, String> managed = new TreeMap<>();
    client.listNetworksCmd().withFilter("label", List.of(NETWORK_LABEL)).exec()
        .forEach(n -> managed.put(n.getName(), n.getLabels().get(NETWORK_LABEL)));
    return managed;
  }

  @Override
  public void close() throws IOException {
    try {
      streams.close();
    } finally {
      client.close();
    }
  }

  private String create(Assignment assignment, String name, String dnsServer) {
    try {
      return createCommand(assignment, name, dnsServer).exec().getId();
    } catch (NotFoundException e) {
      if (!imageMissing(assignment.spec().image())) {
        throw e;
      }
      pull(assignment.spec().image());
      return createCommand(assignment, name, dnsServer).exec().getId();
    }
  }

  /** Whether the container will report health: the service's check, or else the image's own. */
  private boolean checksHealth(ServiceSpec spec) {
    if (spec.healthcheck() != null) {
      return !spec.healthcheck().disables();
    }
    return imageChecksHealth.computeIfAbsent(Containers.withDefaultTag(spec.image()), image -> {
      try {
        var config = client.inspectImageCmd(image).exec().getConfig();
        return config != null && config.getHealthcheck() != null && config.getHealthcheck().getTest() != null
            && !config.getHealthcheck().getTest().isEmpty() && !config.getHealthcheck().getTest().get(0).equals("NONE");
      } catch (NotFoundException e) {
        return false;
      }
    });
  }

  private boolean imageMissing(String image) {
    try {
      client.inspectImageCmd(Containers.withDefaultTag(image)).exec();
      return false;
    } catch (NotFoundException e) {
      return true;
    }
  }

  private CreateContainerCmd createCommand(Assignment assignment, String name, String dnsServer) {
    ServiceSpec spec = assignment.spec();
    CreateContainerCmd command = client.createContainerCmd(spec.image())
        .withName(name)
        .withLabels(Containers.labels(assignment))
        .withEnv(Containers.env(spec))
        .withExposedPorts(Containers.exposedPorts(spec))
        .withHostConfig(Containers.hostConfig(spec, assignment.networks(), dnsServer));
    HealthCheck check = Containers.healthCheck(spec);
    if (check != null) {
      command.withHealthcheck(check);
    }
    // Swarm semantics: command replaces the entrypoint, args the default arguments.
    if (!spec.command().isEmpty()) {
      command.withEntrypoint(spec.command());
    }
    if (!spec.args().isEmpty()) {
      command.withCmd(spec.args());
    }
    return command;
  }

  private void pull(String image) {
    QuietPull pulling = client.pullImageCmd(Containers.withDefaultTag(image)).exec(new QuietPull());
    boolean finished;
    try {
      finished = pulling.awaitCompletion(pullTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageUnavailableException(image, "interrupted while pulling");
    } finally {
      closeQuietly(pulling);
    }
    if (pulling.failure != null) {
      throw new ImageUnavailableException(image, errorText(pulling.failure));
    }
    if (!finished) {
      throw new ImageUnavailableException(image, "pull timed out after " + pullTimeout.toSeconds() + "s");
    }
  }

  /** Docker's own words for a failure: the "message" of its JSON error body, when there is one. */
  public static String errorText(Throwable e) {
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof DockerException) {
      int brace = text.indexOf('{');
      if (brace >= 0) {
        try {
          JsonNode message = Json.MAPPER.readTree(text.substring(brace)).get("message");
          if (message != null && message.isTextual()) {
            return message.asText();
          }
        } catch (IOException notJson) {
          return text;
        }
      }
    }
    return text;
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException | RuntimeException e) {
      // nothing left to release
    }
  }

  /** Keeps a failed pull's error for the caller instead of logging it. */
  private static final class QuietPull extends PullImageResultCallback {
    private volatile Throwable failure;

    @Override
    public void onError(Throwable error) {
      failure = error;
      closeQuietly(this);
    }
  }

  private static final class EventSubscription extends ResultCallback.Adapter<Event> {
    private final Consumer<String> onContainer;
    private final Runnable onEnd;
    private final AtomicBoolean finished = new AtomicBoolean();

    EventSubscription(Consumer<String> onContainer, Runnable onEnd) {
      this.onContainer = onContainer;
      this.onEnd = onEnd;
    }

    @Override
    public void onNext(Event event) {
      String id = event.getActor() != null && event.getActor().getId() != null
          ? event.getActor().getId() : event.getId();
      if (id != null) {
        onContainer.accept(id);
      }
    }

    @Override
    public void onError(Throwable error) {
      end();
    }

    @Override
    public void onComplete() {
      end();
    }

    @Override
    public void close() throws IOException {
      finished.set(true);
      super.close();
    }

    private void end() {
      if (finished.compareAndSet(false, true)) {
        closeQuietly(super::close);
        onEnd.run();
      }
    }
  }
}
