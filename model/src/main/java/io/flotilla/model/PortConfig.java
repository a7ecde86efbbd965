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
      return Check.oneOf(values(), Protocol::json, value, "ports.protocol");
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
      return Check.oneOf(values(), PublishMode::json, value, "ports.mode");
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
    if (text.contains("=")) {
      return parseLong(text);
    }
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

  /** Docker's long form: {@code published=8080,target=80,protocol=tcp,mode=host}. */
  private static PortConfig parseLong(String text) {
    Integer published = null;
    Integer target = null;
    Protocol protocol = null;
    PublishMode mode = null;
    for (String pair : text.split(",")) {
      String[] kv = pair.split("=", 2);
      String value = kv.length == 2 ? kv[1].trim() : "";
      try {
        switch (kv[0].trim()) {
          case "published" -> published = Integer.parseInt(value);
          case "target" -> target = Integer.parseInt(value);
          case "protocol" -> protocol = Protocol.parse(value);
          case "mode" -> mode = PublishMode.parse(value);
          default -> throw new InvalidSpecException("ports",
              "unknown key '" + kv[0].trim() + "' in '" + text + "' (known: published, target, protocol, mode)");
        }
      } catch (NumberFormatException e) {
        throw new InvalidSpecException("ports", "'" + kv[0].trim() + "' must be a port number in '" + text + "'");
      }
    }
    if (target == null) {
      throw new InvalidSpecException("ports", "target is required in '" + text + "'");
    }
    return new PortConfig(published, target, protocol, mode);
  }
}
