package io.flotilla.agent.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.flotilla.bus.Json;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * The docker-java clients the adapters share: {@link #requests()} for calls that answer, with a
 * response timeout, and {@link #streams()} (events) and {@link #logs()} for streams that may stay
 * silent for as long as nothing happens, without one. Also Docker's own words for a failure.
 */
final class DockerClients implements Closeable {
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(45);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final DockerClient requests;
  private final DockerClient streams;
  private final DockerClient logs;

  DockerClients(String dockerHost) {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(dockerHost).build();
    this.requests = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
        .maxConnections(32).connectionTimeout(CONNECT_TIMEOUT).responseTimeout(RESPONSE_TIMEOUT)
        .build());
    this.streams = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
        .maxConnections(4).connectionTimeout(CONNECT_TIMEOUT)
        .build());
    // Every followed log holds a connection for as long as someone reads it.
    this.logs = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
        .maxConnections(64).connectionTimeout(CONNECT_TIMEOUT)
        .build());
  }

  DockerClient requests() {
    return requests;
  }

  DockerClient streams() {
    return streams;
  }

  DockerClient logs() {
    return logs;
  }

  @Override
  public void close() throws IOException {
    try (DockerClient closingLogs = logs; DockerClient closingStreams = streams) {
      requests.close();
    }
  }

  /** Docker's own words for a failure: the "message" of its JSON error body, when there is one. */
  static String errorText(Throwable e) {
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

  static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException | RuntimeException e) {
      // nothing left to release
    }
  }
}
