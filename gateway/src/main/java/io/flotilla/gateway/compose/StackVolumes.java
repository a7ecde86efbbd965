package io.flotilla.gateway.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

  /**
   * The volumes the file declares: {@code engineNames} maps the name the file uses to the
   * engine's name; {@code owned} lists the engine names of the volumes the stack owns.
   */
  record Declared(Map<String, String> engineNames, List<String> owned) {}

  static Declared parse(String stack, Value volumes, Warnings warnings) {
    Map<String, String> names = new LinkedHashMap<>();
    List<String> owned = new ArrayList<>();
    for (Map.Entry<String, Value> e : volumes.entries().entrySet()) {
      if (e.getKey().startsWith("x-")) {
        continue;
      }
      String engineName = engineName(stack, e.getKey(), e.getValue(), warnings);
      names.put(e.getKey(), engineName);
      if (isOwned(e.getValue())) {
        owned.add(engineName);
      }
    }
    return new Declared(names, owned);
  }

  private static boolean isOwned(Value volume) {
    return volume.get("external").isAbsent() || !volume.get("external").bool();
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
    String engineName = !name.isAbsent() ? name.text() : isOwned(volume) ? ComposeFile.scoped(stack, key) : key;
    if (!NAME.matcher(engineName).matches()) {
      throw (name.isAbsent() ? volume : name).error("'" + engineName
          + "' is not a valid volume name: start with a letter or digit, then letters, digits, '_', '.' or '-'");
    }
    return engineName;
  }
}
