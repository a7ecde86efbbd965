package io.flotilla.cli.command;

import io.flotilla.bus.Json;
import io.flotilla.model.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --with-registry-auth}: sends the client's credentials for the images' registries (from
 * the Docker config file, as {@code docker login} wrote them) with the write, in the {@code
 * X-Registry-Auth} header, so every node can pull the private images. Credential helpers are
 * not asked.
 */
final class RegistryAuthOption {
  static final String HEADER = "X-Registry-Auth";

  @Option(names = "--with-registry-auth",
      description = "Send registry credentials (from ~/.docker/config.json, as docker login stores them) to the "
          + "nodes, so they can pull private images")
  boolean withRegistryAuth;

  /** {@code client}, carrying the credentials for {@code images} when asked to; an image without any is an error. */
  ApiClient apply(ApiClient client, Collection<String> images) {
    if (!withRegistryAuth) {
      return client;
    }
    DockerConfigAuths auths = DockerConfigAuths.read(DockerConfigAuths.file(System.getenv(),
        System.getProperty("user.home")));
    Map<String, RegistryAuth> byRegistry = new LinkedHashMap<>();
    for (String image : images) {
      auths.forImage(image).ifPresent(a -> byRegistry.put(a.registry(), a));
    }
    if (byRegistry.isEmpty()) {
      throw new CliException("--with-registry-auth: the Docker config file has no credentials for the registry of "
          + String.join(", ", images) + " (run docker login REGISTRY first; credential helpers are not read)");
    }
    return client.withHeader(HEADER, header(byRegistry.values()));
  }

  static String header(Collection<RegistryAuth> auths) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        Json.encode(auths.toArray()).getBytes(StandardCharsets.UTF_8));
  }
}
