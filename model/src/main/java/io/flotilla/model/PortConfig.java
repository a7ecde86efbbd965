package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A published port. {@code ingress} (the default, as in Swarm) answers on every node;
 * {@code host} binds only on the nodes that run a task.
 */
public record PortConfig(Integer published, int target, Protocol protocol, PublishMode mode) {

  public enum Protocol {
    TCP, UDP;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Protocol parse(String value) {
      for (Protocol p : values()) {
        if (p.json().equalsIgnoreCase(value)) {
          return p;
        }
      }
      throw new InvalidSpecException("ports.protocol", "must be tcp or udp, not '" + value + "'");
    }
  }

  public enum PublishMode {
    INGRESS, HOST;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PublishMode parse(String value) {
      for (PublishMode m : values()) {
        if (m.json().equalsIgnoreCase(value)) {
          return m;
        }
      }
      throw new InvalidSpecException("ports.mode", "must be ingress or host, not '" + value + "'");
    }
  }

  public PortConfig {
    Check.that(target >= 1 && target <= 65535, "ports.target", "must be between 1 and 65535, not " + target);
    Check.that(published == null || (published >= 1 && published <= 65535),
        "ports.published", "must be between 1 and 65535, not " + published);
    protocol = protocol == null ? Protocol.TCP : protocol;
    mode = mode == null ? PublishMode.INGRESS : mode;
  }

  /** Parses the docker CLI form {@code [published:]target[/protocol]}. */
  public static PortConfig parse(String text) {
    String spec = text.trim();
    Protocol protocol = Protocol.TCP;
    int slash = spec.indexOf('/');
    if (slash >= 0) {
      protocol = Protocol.parse(spec.substring(slash + 1));
      spec = spec.substring(0, slash);
    }
    try {
      int colon = spec.indexOf(':');
      if (colon < 0) {
        return new PortConfig(null, Integer.parseInt(spec), protocol, null);
      }
      return new PortConfig(Integer.parseInt(spec.substring(0, colon)),
          Integer.parseInt(spec.substring(colon + 1)), protocol, null);
    } catch (NumberFormatException e) {
      throw new InvalidSpecException("ports", "expected [published:]target[/protocol], got '" + text + "'");
    }
  }
}
