package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The images of a compose file, as {@code stack deploy --build} and {@code --with-registry-auth} need them. */
final class StackImages {
  private StackImages() {}

  /** Builds and uploads every {@code build:} of the file: the deploy request's {@code builtImages}. */
  static Map<String, ImageShipping.Shipped> build(ApiClient client, PrintWriter out, String compose, String stack,
      Path dir) {
    Map<String, ImageBuild> builds = ImageBuild.ofCompose(tree(compose), stack, dir);
    if (builds.isEmpty()) {
      out.println("Warning: --build: the compose file has no build: key; nothing to build");
    }
    return new ImageShipping(out).ship(client, List.copyOf(builds.values()));
  }

  /** The {@code image:} of every service (what nodes pull), for the registry credentials to send. */
  static List<String> images(String compose) {
    List<String> images = new ArrayList<>();
    JsonNode root = tree(compose);
    if (root != null) {
      root.path("services").forEach(s -> {
        if (s.path("image").isTextual()) {
          images.add(s.path("image").asText());
        }
      });
    }
    return images;
  }

  private static JsonNode tree(String compose) {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(compose);
    } catch (IOException e) {
      return null; // the manager reports the syntax error with its position
    }
  }
}
