package io.flotilla.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a service or network records the stack it belongs to, in its labels (as Swarm does with
 * {@code com.docker.stack.namespace}), and which services must run before its first start.
 */
public final class StackLabels {
  public static final String NAMESPACE = "flotilla.stack.namespace";
  public static final String START_AFTER = "flotilla.stack.start-after";

  private StackLabels() {}

  public static Map<String, String> of(Map<String, String> labels, String stack, List<String> startAfter) {
    Map<String, String> tagged = new LinkedHashMap<>(labels);
    tagged.put(NAMESPACE, stack);
    if (startAfter != null && !startAfter.isEmpty()) {
      tagged.put(START_AFTER, String.join(",", startAfter));
    } else {
      tagged.remove(START_AFTER);
    }
    return tagged;
  }

  public static String stackOf(Map<String, String> labels) {
    return labels.get(NAMESPACE);
  }

  /** The services (by name) that must run before this one's first task starts. */
  public static List<String> startAfter(ServiceSpec spec) {
    String value = spec.labels().get(START_AFTER);
    return value == null || value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(String::trim).toList();
  }
}
