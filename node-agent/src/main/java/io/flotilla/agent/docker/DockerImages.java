package io.flotilla.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.flotilla.agent.engine.ImageUnavailableException;
import io.flotilla.agent.engine.Images;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Images through docker-java: inspected to know them, pulled when a task needs one. */
final class DockerImages implements Images {
  private final DockerClient client;
  private final Duration pullTimeout;
  /** An image's health check is part of its identity; asked once per reference. */
  private final Map<String, Boolean> declaresHealthCheck = new ConcurrentHashMap<>();

  DockerImages(DockerClient client, Duration pullTimeout) {
    this.client = client;
    this.pullTimeout = pullTimeout;
  }

  @Override
  public boolean isPresent(String image) {
    try {
      client.inspectImageCmd(Containers.withDefaultTag(image)).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  @Override
  public boolean declaresHealthCheck(String image) {
    return declaresHealthCheck.computeIfAbsent(Containers.withDefaultTag(image), reference -> {
      try {
        var config = client.inspectImageCmd(reference).exec().getConfig();
        return config != null && config.getHealthcheck() != null && config.getHealthcheck().getTest() != null
            && !config.getHealthcheck().getTest().isEmpty() && !config.getHealthcheck().getTest().get(0).equals("NONE");
      } catch (NotFoundException e) {
        return false;
      }
    });
  }

  @Override
  public void pull(String image) {
    QuietPull pulling = client.pullImageCmd(Containers.withDefaultTag(image)).exec(new QuietPull());
    boolean finished;
    try {
      finished = pulling.awaitCompletion(pullTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageUnavailableException(image, "interrupted while pulling");
    } finally {
      DockerClients.closeQuietly(pulling);
    }
    if (pulling.failure != null) {
      throw new ImageUnavailableException(image, DockerClients.errorText(pulling.failure));
    }
    if (!finished) {
      throw new ImageUnavailableException(image, "pull timed out after " + pullTimeout.toSeconds() + "s");
    }
  }

  /** Keeps a failed pull's error for the caller instead of logging it. */
  private static final class QuietPull extends PullImageResultCallback {
    private volatile Throwable failure;

    @Override
    public void onError(Throwable error) {
      failure = error;
      DockerClients.closeQuietly(this);
    }
  }
}
