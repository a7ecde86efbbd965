package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.model.FileKind;
import io.flotilla.model.StackLabels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@code stack deploy} does before it sends the compose file, as docker's client does:
 * creates the stack's own secrets and configs ({@code <stack>_<key>}, or their {@code name},
 * with the stack's label) from their {@code file} (made absolute by the loader), {@code environment}
 * (a variable of the project: this shell's, else its env files') or {@code content} (configs). One that exists already is kept as
 * it is, and said so: a secret's content never changes (remove it, or give the new one a new
 * name). External ones are the manager's to check.
 */
final class StackFileObjects {
  private StackFileObjects() {}

  /** With {@code dryRun}, says which it would create, and creates none. */
  static void create(ApiClient client, JsonNode root, String stack, Function<String, String> env, boolean dryRun,
      PrintWriter out) {
    for (FileKind kind : FileKind.values()) {
      JsonNode declared = root.path(kind.noun() + "s");
      if (!declared.isObject() || declared.isEmpty()) {
        continue;
      }
      Set<String> existing = new HashSet<>();
      client.get(FileObjectCommands.path(kind)).forEach(o -> existing.add(o.path("name").asText()));
      for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode declaration = e.getValue();
        if (e.getKey().startsWith("x-") || !declaration.isObject() || isTrue(declaration.path("external"))) {
          continue;
        }
        String name = declaration.hasNonNull("name") ? declaration.path("name").asText() : stack + "_" + e.getKey();
        String noun = kind.noun().substring(0, 1).toUpperCase(Locale.ROOT) + kind.noun().substring(1);
        if (existing.contains(name)) {
          out.println(noun + " " + name + " exists; its content is not changed (remove it first to change it)");
          continue;
        }
        byte[] content = content(kind, e.getKey(), declaration, env);
        if (content == null) {
          continue; // neither file, environment nor content: the manager names the key at fault
        }
        Map<String, String> labels = new LinkedHashMap<>();
        declaration.path("labels").fields().forEachRemaining(l -> labels.put(l.getKey(), l.getValue().asText()));
        labels.put(StackLabels.NAMESPACE, stack);
        out.println((dryRun ? "Would create " : "Creating ") + kind.noun() + " " + name);
        out.flush();
        if (!dryRun) {
          FileObjectCommands.create(client, kind, name, labels, content);
        }
      }
    }
    out.flush();
  }

  private static byte[] content(FileKind kind, String key, JsonNode declaration, Function<String, String> env) {
    String at = kind.noun() + "s." + key;
    if (declaration.hasNonNull("file")) {
      Path file = Path.of(declaration.path("file").asText());
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new CliException(at + ".file: cannot read " + file + ": " + e.getMessage());
      }
    }
    if (declaration.hasNonNull("environment")) {
      String variable = declaration.path("environment").asText();
      String value = env.apply(variable);
      if (value == null) {
        throw new CliException(at + ".environment: the variable " + variable + " is not set");
      }
      return value.getBytes(StandardCharsets.UTF_8);
    }
    if (kind == FileKind.CONFIG && declaration.hasNonNull("content")) {
      return declaration.path("content").asText().getBytes(StandardCharsets.UTF_8);
    }
    return null;
  }

  /** YAML 1.1's spellings of true, as Compose accepts them. */
  private static boolean isTrue(JsonNode value) {
    return value.isBoolean() ? value.asBoolean()
        : value.isTextual() && Set.of("true", "yes", "on", "y").contains(value.asText().toLowerCase(Locale.ROOT));
  }
}
