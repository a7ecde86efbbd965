package io.flotilla.gateway.compose;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The top-level {@code volumes}: named volumes, called {@code <stack>_<name>} on the engines
 * (each node's engine creates its own on first use, as in Swarm), or {@code name} when given.
 * An {@code external} volume keeps its own name. Only the local driver is supported.
 */
final class StackVolumes {
  private static final Set<String> SUPPORTED = Set.of("driver", "external", "name");
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private StackVolumes() {}

  /** The engine's name of each volume, by the name the file uses for it. */
  static Map<String, String> parse(String stack, Value volumes, Warnings warnings) {
    Map<String, String> names = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : volumes.entries().entrySet()) {
      if (!e.getKey().startsWith("x-")) {
        names.put(e.getKey(), engineName(stack, e.getKey(), e.getValue(), warnings));
      }
    }
    return names;
  }

  private static String engineName(String stack, String key, Value volume, Warnings warnings) {
    if (!volume.isAbsent() && !volume.isMapping()) {
      throw volume.mustBe("a mapping or empty");
    }
    warnings.otherKeys(volume, SUPPORTED);
    Value driver = volume.get("driver");
    if (!driver.isAbsent() && !driver.text().equals("local")) {
      warnings.add(driver.path(), "'" + driver.text() + "' not supported, ignored; volumes use the local driver");
    }
    Value name = volume.get("name");
    Value external = volume.get("external");
    boolean isExternal = !external.isAbsent() && external.bool();
    String engineName = !name.isAbsent() ? name.text() : isExternal ? key : ComposeFile.scoped(stack, key);
    if (!NAME.matcher(engineName).matches()) {
      throw (name.isAbsent() ? volume : name).error("'" + engineName
          + "' is not a valid volume name: start with a letter or digit, then letters, digits, '_', '.' or '-'");
    }
    return engineName;
  }
}
