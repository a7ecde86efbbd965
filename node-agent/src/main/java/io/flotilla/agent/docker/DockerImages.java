package io.flotilla.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.flotilla.agent.engine.ImageUnavailableException;
import io.flotilla.agent.engine.ImageArchives;
import io.flotilla.agent.engine.Images;
import io.flotilla.model.RegistryAuth;
import com.github.dockerjava.api.model.AuthConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
  /** One load at a time per image: the first fetches, the others then find it present. */
  private final Map<String, Object> loading = new ConcurrentHashMap<>();
  private volatile ImageArchives archives;

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
    pull(image, null);
  }

  @Override
  public void pull(String image, RegistryAuth auth) {
    var command = client.pullImageCmd(Containers.withDefaultTag(image));
    if (auth != null) {
      command.withAuthConfig(new AuthConfig().withRegistryAddress(auth.registry()).withUsername(auth.username())
          .withPassword(auth.password()));
    }
    QuietPull pulling = command.exec(new QuietPull());
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

  @Override
  public void fetchArchivesFrom(ImageArchives archives) {
    this.archives = archives;
  }

  @Override
  public void load(String imageId) {
    synchronized (loading.computeIfAbsent(imageId, id -> new Object())) {
      if (isPresent(imageId)) {
        return; // another task of this node loaded it meanwhile
      }
      ImageArchives source = archives;
      if (source == null) {
        throw ImageUnavailableException.notFetched(imageId, "this agent is not on the cluster's bus yet");
      }
      Path file = null;
      try {
        file = Files.createTempFile("flotilla-image-", ".tar");
        source.fetch(imageId, file);
        try (InputStream in = Files.newInputStream(file)) {
          client.loadImageCmd(in).exec();
        }
      } catch (IOException | RuntimeException e) {
        if (e instanceof ImageUnavailableException unavailable) {
          throw unavailable;
        }
        throw ImageUnavailableException.notFetched(imageId, DockerClients.errorText(e));
      } finally {
        if (file != null) {
          try {
            Files.deleteIfExists(file);
          } catch (IOException e) {
            // a temporary file left behind; the next boot's /tmp takes it
          }
        }
      }
      if (!isPresent(imageId)) {
        throw ImageUnavailableException.notFetched(imageId, "the engine loaded the archive but has no such image");
      }
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
