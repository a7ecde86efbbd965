package io.flotilla.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The top-level {@code include}: each entry ({@code PATH}, or {@code path:} with one path or a list merged as
 * override files, {@code project_directory} and {@code env_file}) is loaded as a compose file of its own, its
 * relative paths against its own directory, its variables this project's then its env files' (default: the
 * {@code .env} of its directory), and its services, networks, volumes, secrets and configs are added; one that
 * the including file also defines is an error, as in Compose.
 */
final class Includes {
  private static final List<String> SECTIONS = List.of("services", "networks", "volumes", "secrets", "configs");

  private Includes() {}

  static void apply(ObjectNode root, Path file, ComposeLoader.FileLoader loader) {
    JsonNode include = root.remove("include");
    if (include == null || include.isNull()) {
      return;
    }
    if (!include.isArray()) {
      throw new ComposeException("include", "must be a list of files");
    }
    Path dir = file.getParent();
    for (int i = 0; i < include.size(); i++) {
      String where = "include[" + i + "]";
      JsonNode entry = include.get(i);
      List<Path> paths = new ArrayList<>();
      Path projectDir = null;
      List<Path> envFiles = new ArrayList<>();
      if (entry.isTextual()) {
        paths.add(dir.resolve(entry.asText()).normalize());
      } else if (entry.isObject() && entry.hasNonNull("path")) {
        JsonNode path = entry.get("path");
        if (path.isArray()) {
          path.forEach(p -> paths.add(dir.resolve(p.asText()).normalize()));
        } else {
          paths.add(dir.resolve(path.asText()).normalize());
        }
        if (entry.hasNonNull("project_directory")) {
          projectDir = dir.resolve(entry.get("project_directory").asText()).normalize();
        }
        JsonNode envFile = entry.path("env_file");
        (envFile.isArray() ? envFile : envFile.isMissingNode() || envFile.isNull() ? List.<JsonNode>of()
            : List.of(envFile)).forEach(f -> envFiles.add(dir.resolve(f.asText()).normalize()));
      } else {
        throw new ComposeException(where, "must be a file's path or a mapping with path");
      }
      Path base = projectDir != null ? projectDir : paths.get(0).getParent();
      ComposeLoader.FileLoader project = loader.included(envFiles, base, where);
      ObjectNode included = null;
      for (Path path : paths) {
        included = project.load(path, base).mergedOver(included);
      }
      add(root, included, where + " (" + paths.get(0) + ")");
    }
  }

  private static void add(ObjectNode root, ObjectNode included, String where) {
    for (String section : SECTIONS) {
      JsonNode resources = included.get(section);
      if (resources == null || !resources.isObject()) {
        continue;
      }
      if (!root.has(section) || !root.get(section).isObject()) {
        root.set(section, JsonNodeFactory.instance.objectNode());
      }
      ObjectNode into = (ObjectNode) root.get(section);
      resources.fields().forEachRemaining(e -> {
        if (into.has(e.getKey())) {
          throw new ComposeException(where, section + "." + e.getKey()
              + " is defined both here and in the including file");
        }
        into.set(e.getKey(), e.getValue());
      });
    }
  }
}
