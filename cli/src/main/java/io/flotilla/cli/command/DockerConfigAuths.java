package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Json;
import io.flotilla.model.ImageReferences;
import io.flotilla.model.RegistryAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The client's registry credentials as {@code docker login} stores them: {@code auths.<registry>.auth}
 * (base64 of {@code user:password}) in {@code $DOCKER_CONFIG/config.json}, else
 * {@code ~/.docker/config.json}. Credential helpers ({@code credsStore}, {@code credHelpers})
 * are not asked: their credentials are not found here.
 */
final class DockerConfigAuths {
  private final JsonNode auths;

  private DockerConfigAuths(JsonNode auths) {
    this.auths = auths;
  }

  static DockerConfigAuths parse(String configJson) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(configJson);
    } catch (IOException e) {
      throw new CliException("the Docker config file is not JSON: " + e.getMessage());
    }
    return new DockerConfigAuths(root == null ? Json.MAPPER.createObjectNode() : root.path("auths"));
  }

  /** The config file of this user: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
  static Path file(Map<String, String> env, String home) {
    String dir = env.get("DOCKER_CONFIG");
    return dir != null && !dir.isBlank() ? Path.of(dir, "config.json") : Path.of(home, ".docker", "config.json");
  }

  static DockerConfigAuths read(Path file) {
    if (!Files.exists(file)) {
      return new DockerConfigAuths(Json.MAPPER.createObjectNode());
    }
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The credentials for the registry {@code image} comes from, if {@code docker login} stored some. */
  Optional<RegistryAuth> forImage(String image) {
    return forRegistry(ImageReferences.registryOf(image));
  }

  /** Keys may be written with a scheme or a path ({@code https://host:5000/v2/}); they match by host. */
  Optional<RegistryAuth> forRegistry(String registry) {
    for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!hostOf(entry.getKey()).equals(hostOf(registry))) {
        continue;
      }
      String encoded = entry.getValue().path("auth").asText("");
      if (encoded.isEmpty()) {
        continue;
      }
      String plain;
      try {
        plain = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new CliException("the credentials for " + entry.getKey() + " in the Docker config are not base64");
      }
      int colon = plain.indexOf(':');
      if (colon <= 0) {
        throw new CliException("the credentials for " + entry.getKey() + " in the Docker config are not user:password");
      }
      return Optional.of(new RegistryAuth(registry, plain.substring(0, colon), plain.substring(colon + 1)));
    }
    return Optional.empty();
  }

  /** {@code https://index.docker.io/v1/} and {@code index.docker.io} are one registry, as are {@code host:5000/v2/} and {@code host:5000}. */
  static String hostOf(String key) {
    String host = key.replaceFirst("^[a-z]+://", "");
    int slash = host.indexOf('/');
    host = slash < 0 ? host : host.substring(0, slash);
    return host.equals("docker.io") || host.equals("registry-1.docker.io") ? "index.docker.io" : host;
  }
}
