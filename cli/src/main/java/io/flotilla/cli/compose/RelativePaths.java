package io.flotilla.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Relative paths of a compose file, made absolute against its directory as Compose does: bind mount sources
 * ({@code ./data:/data}, {@code ~/x:/x}, long syntax {@code source:}), {@code env_file}, {@code build}
 * contexts, and the {@code file:} of secrets and configs. A relative bind gets a warning: the manager places
 * the task on any node, and the path must exist there.
 */
final class RelativePaths {
  private static final String EVERY_NODE = " (from %s); that path must exist on every node that may run the task";

  private RelativePaths() {}

  static void resolve(ObjectNode root, Path dir, Function<String, Optional<String>> lookup, Warnings warnings) {
    Function<String, String> absolute = path -> absolute(path, dir, lookup);
    root.path("services").fields().forEachRemaining(e -> {
      if (!e.getValue().isObject()) {
        return;
      }
      ObjectNode service = (ObjectNode) e.getValue();
      String at = "services." + e.getKey();
      JsonNode volumes = service.path("volumes");
      for (int i = 0; i < volumes.size(); i++) {
        volume((ArrayNode) volumes, i, at + ".volumes[" + i + "]", absolute, warnings);
      }
      JsonNode envFile = service.get("env_file");
      if (envFile != null && envFile.isTextual()) {
        service.put("env_file", absolute.apply(envFile.asText()));
      } else if (envFile != null && envFile.isArray()) {
        for (int i = 0; i < envFile.size(); i++) {
          JsonNode entry = envFile.get(i);
          if (entry.isTextual()) {
            ((ArrayNode) envFile).set(i, TextNode.valueOf(absolute.apply(entry.asText())));
          } else if (entry.isObject() && entry.hasNonNull("path")) {
            ((ObjectNode) entry).put("path", absolute.apply(entry.get("path").asText()));
          }
        }
      }
      JsonNode build = service.get("build");
      if (build != null && build.isTextual() && !remote(build.asText())) {
        service.put("build", absolute.apply(build.asText()));
      } else if (build != null && build.isObject() && build.hasNonNull("context")
          && !remote(build.get("context").asText())) {
        ((ObjectNode) build).put("context", absolute.apply(build.get("context").asText()));
      }
    });
    for (String section : new String[] {"secrets", "configs"}) {
      root.path(section).fields().forEachRemaining(e -> {
        if (e.getValue().isObject() && e.getValue().hasNonNull("file")) {
          ((ObjectNode) e.getValue()).put("file", absolute.apply(e.getValue().get("file").asText()));
        }
      });
    }
  }

  private static void volume(ArrayNode volumes, int i, String at, Function<String, String> absolute,
      Warnings warnings) {
    JsonNode volume = volumes.get(i);
    if (volume.isTextual()) {
      String text = volume.asText();
      int colon = text.indexOf(':');
      if (colon > 0 && relative(text.substring(0, colon))) {
        String source = text.substring(0, colon);
        String resolved = absolute.apply(source);
        warnings.add(at, "bind mount source " + resolved + EVERY_NODE.formatted(source));
        volumes.set(i, TextNode.valueOf(resolved + text.substring(colon)));
      }
    } else if (volume.isObject() && "bind".equals(volume.path("type").asText())
        && volume.hasNonNull("source") && !volume.get("source").asText().startsWith("/")) {
      String source = volume.get("source").asText();
      String resolved = absolute.apply(source);
      warnings.add(at + ".source", "bind mount source " + resolved + EVERY_NODE.formatted(source));
      ((ObjectNode) volume).put("source", resolved);
    }
  }

  /** A short-syntax source that is a relative path rather than a volume's name. */
  private static boolean relative(String source) {
    return source.equals(".") || source.equals("..") || source.startsWith("./") || source.startsWith("../")
        || source.equals("~") || source.startsWith("~/");
  }

  private static boolean remote(String context) {
    return context.contains("://") || context.startsWith("git@") || context.startsWith("github.com/");
  }

  private static String absolute(String path, Path dir, Function<String, Optional<String>> lookup) {
    if (path.equals("~") || path.startsWith("~/")) {
      String home = lookup.apply("HOME").orElseThrow(() -> new ComposeException(path, "HOME is not set"));
      return Path.of(home).resolve(path.equals("~") ? "" : path.substring(2)).normalize().toString();
    }
    return dir.resolve(path).normalize().toString();
  }
}
