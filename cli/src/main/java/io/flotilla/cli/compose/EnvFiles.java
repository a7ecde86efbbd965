package io.flotilla.cli.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A service's {@code env_file}s read (in {@link DotEnv}'s syntax) into its {@code environment}, under the
 * entries {@code environment} writes itself, as Compose does; {@code env_file} then goes from the document.
 * A variable written without a value takes the CLI's (or {@code .env}'s) value, or is left out with a warning.
 */
final class EnvFiles {
  private EnvFiles() {}

  static void inline(ObjectNode root, FileReader files, Function<String, Optional<String>> lookup,
      Warnings warnings) {
    root.path("services").fields().forEachRemaining(e -> {
      if (!e.getValue().isObject()) {
        return;
      }
      ObjectNode service = (ObjectNode) e.getValue();
      String at = "services." + e.getKey();
      JsonNode envFile = service.remove("env_file");
      if (envFile == null && !service.has("environment")) {
        return;
      }
      ObjectNode environment = JsonNodeFactory.instance.objectNode();
      List<JsonNode> entries = new ArrayList<>();
      if (envFile != null && envFile.isArray()) {
        envFile.forEach(entries::add);
      } else if (envFile != null && !envFile.isNull()) {
        entries.add(envFile);
      }
      for (JsonNode entry : entries) {
        String path = entry.isObject() ? entry.path("path").asText() : entry.asText();
        boolean required = !entry.isObject() || !"false".equals(entry.path("required").asText());
        Optional<String> content = files.read(Path.of(path));
        if (content.isEmpty() && required) {
          throw new ComposeException(at + ".env_file", "cannot read env file " + path);
        }
        content.ifPresent(text -> DotEnv.parse(path, text, lookup, warnings)
            .forEach(environment::put));
      }
      JsonNode own = service.get("environment");
      if (own != null && !own.isNull()) {
        Merge.asKeyValues(own).fields().forEachRemaining(v -> {
          if (!v.getValue().isNull()) {
            environment.set(v.getKey(), v.getValue());
            return;
          }
          Optional<String> value = Optional.ofNullable(environment.get(v.getKey())).map(JsonNode::asText)
              .or(() -> lookup.apply(v.getKey()));
          if (value.isPresent()) {
            environment.put(v.getKey(), value.get());
          } else {
            warnings.add(at + ".environment." + v.getKey(), "has no value and is not set in the environment;"
                + " left unset");
          }
        });
      }
      service.set("environment", environment);
    });
  }
}
