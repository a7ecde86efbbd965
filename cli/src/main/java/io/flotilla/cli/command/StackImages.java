package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The images of a compose file, as {@code stack deploy --build} and {@code --with-registry-auth} need them. */
final class StackImages {
  private StackImages() {}

  /**
   * Builds and uploads every {@code build:} of the file: the deploy request's {@code builtImages};
   * with {@code dryRun}, builds them on the local engine and uploads nothing.
   */
  static Map<String, ImageShipping.Shipped> build(ApiClient client, PrintWriter out, JsonNode compose, String stack,
      boolean dryRun) {
    // The loader made every build context absolute; this directory only resolves what it could not.
    Map<String, ImageBuild> builds = ImageBuild.ofCompose(compose, stack, Path.of("").toAbsolutePath());
    if (builds.isEmpty()) {
      out.println("Warning: --build: the compose file has no build: key; nothing to build");
    }
    return new ImageShipping(out).ship(client, List.copyOf(builds.values()), dryRun);
  }

  /** The {@code image:} of every service (what nodes pull), for the registry credentials to send. */
  static List<String> images(JsonNode compose) {
    List<String> images = new ArrayList<>();
    compose.path("services").forEach(s -> {
      if (s.path("image").isTextual()) {
        images.add(s.path("image").asText());
      }
    });
    return images;
  }
}
