package io.flotilla.agent.docker;

import com.github.dockerjava.api.model.Info;
import io.flotilla.agent.engine.ContainerEvents;
import io.flotilla.agent.engine.ContainerLogs;
import io.flotilla.agent.engine.Engine;
import io.flotilla.agent.engine.EngineInfo;
import io.flotilla.agent.engine.Images;
import io.flotilla.agent.engine.TaskContainers;
import io.flotilla.overlay.DockerNetworks;
import java.io.IOException;
import java.time.Duration;

/**
 * The node's Docker engine through docker-java: the one place its adapters are put together,
 * over the two clients they share. Every call blocks.
 */
public final class DockerEngine implements Engine {
  public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
  private static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofSeconds(60);

  private final String host;
  private final DockerClients clients;
  private final DockerImages images;
  private final DockerTaskContainers containers;
  private final DockerEvents events;
  private final DockerBridgeNetworks networks;
  private final DockerContainerLogs logs;

  /** @param dockerHost the engine's address, as in {@code DOCKER_HOST} */
  public DockerEngine(String dockerHost) {
    this(dockerHost, DEFAULT_PULL_TIMEOUT);
  }

  public DockerEngine(String dockerHost, Duration pullTimeout) {
    this.host = dockerHost;
    this.clients = new DockerClients(dockerHost);
    this.images = new DockerImages(clients.requests(), pullTimeout);
    this.containers = new DockerTaskContainers(clients.requests(), clients.streams(), images);
    this.events = new DockerEvents(clients.streams());
    this.networks = new DockerBridgeNetworks(clients.requests());
    this.logs = new DockerContainerLogs(clients.logs());
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public EngineInfo info() {
    Info info = clients.requests().infoCmd().exec();
    return new EngineInfo(info.getServerVersion(),
        info.getNCPU() == null ? 0 : info.getNCPU(),
        info.getMemTotal() == null ? 0 : info.getMemTotal());
  }

  @Override
  public TaskContainers containers() {
    return containers;
  }

  @Override
  public Images images() {
    return images;
  }

  @Override
  public ContainerEvents events() {
    return events;
  }

  @Override
  public DockerNetworks networks() {
    return networks;
  }

  @Override
  public ContainerLogs logs() {
    return logs;
  }

  /** Docker's own words for a failure: the "message" of its JSON error body, when there is one. */
  @Override
  public String errorText(Throwable failure) {
    return DockerClients.errorText(failure);
  }

  @Override
  public void close() throws IOException {
    clients.close();
  }
}
