package io.flotilla.gateway.compose;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A service's environment: the entries of its {@code env_file}s in order, then its
 * {@code environment} key over them. A variable written without a value would take the
 * deploying shell's value in Compose; a cluster has no such shell, so it is left out, with a
 * warning, unless an env file set it.
 */
final class Environment {
  private static final String UNSET =
      "has no value and Flotilla does not read the deploying shell's environment; left unset";

  private Environment() {}

  static Map<String, String> of(Value service, Function<String, Optional<String>> readEnvFile, Warnings warnings) {
    Map<String, String> env = new LinkedHashMap<>();
    Value envFile = service.get("env_file");
    List<Value> files = envFile.isAbsent() ? List.of() : envFile.isSequence() ? envFile.items() : List.of(envFile);
    for (Value file : files) {
      env.putAll(readFile(file, readEnvFile, warnings));
    }
    for (KeyValues.Entry e : KeyValues.parse(service.get("environment"))) {
      if (e.value() != null) {
        env.put(e.key(), e.value());
      } else if (!env.containsKey(e.key())) {
        warnings.add(e.path(), UNSET);
      }
    }
    return env;
  }

  /** An env_file entry: a path, or a mapping with {@code path} and {@code required} (default true). */
  private static Map<String, String> readFile(Value file, Function<String, Optional<String>> readEnvFile,
      Warnings warnings) {
    String name;
    boolean required = true;
    if (file.isMapping()) {
      warnings.otherKeys(file, Set.of("path", "required"));
      name = file.get("path").text();
      required = !Boolean.FALSE.equals(file.get("required").orNull(Value::bool));
    } else {
      name = file.text();
    }
    Optional<String> content = readEnvFile.apply(name);
    if (content.isEmpty()) {
      if (required) {
        throw file.error("cannot read env file '" + name + "'");
      }
      return Map.of();
    }
    return parseLines(file, name, content.get(), warnings);
  }

  /** Lines {@code KEY=VALUE}; blank lines and lines starting with '#' are skipped; quotes around a value go. */
  private static Map<String, String> parseLines(Value file, String name, String content, Warnings warnings) {
    Map<String, String> env = new LinkedHashMap<>();
    String[] lines = content.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      String where = "line " + (i + 1) + " of " + name + ": ";
      int eq = line.indexOf('=');
      String key = (eq < 0 ? line : line.substring(0, eq)).strip();
      if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
        throw file.error(where + "expected KEY=VALUE, got '" + lines[i].strip() + "'");
      }
      if (eq < 0) {
        warnings.add(file.path(), where + key + " " + UNSET);
        continue;
      }
      env.put(key, unquote(line.substring(eq + 1).strip()));
    }
    return env;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
        && value.charAt(value.length() - 1) == value.charAt(0)) {
      return value.substring(1, value.length() - 1);
    }
    int comment = value.indexOf(" #");
    return comment < 0 ? value : value.substring(0, comment).stripTrailing();
  }
}
