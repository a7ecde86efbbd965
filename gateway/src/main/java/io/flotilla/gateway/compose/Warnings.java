package io.flotilla.gateway.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one compose file asks for that Flotilla ignores, in file order, each naming its key path. */
final class Warnings {
  private final List<String> messages = new ArrayList<>();

  void add(String path, String message) {
    messages.add(path + ": " + message);
  }

  void ignored(Value value) {
    add(value.path(), "not supported, ignored");
  }

  /** Warns about each key of {@code mapping} outside {@code supported}; {@code x-} extension keys are skipped. */
  void otherKeys(Value mapping, Set<String> supported) {
    otherKeys(mapping, supported, Map.of());
  }

  /** As {@link #otherKeys(Value, Set)}, adding the hint for a key that has one (what to use instead). */
  void otherKeys(Value mapping, Set<String> supported, Map<String, String> hints) {
    mapping.entries().forEach((key, value) -> {
      if (!supported.contains(key) && !key.startsWith("x-")) {
        String hint = hints.get(key);
        add(value.path(), "not supported, ignored" + (hint == null ? "" : "; " + hint));
      }
    });
  }

  List<String> list() {
    return List.copyOf(messages);
  }
}
