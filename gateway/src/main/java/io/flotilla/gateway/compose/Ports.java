package io.flotilla.gateway.compose;

import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.PortConfig;
import io.flotilla.model.PortConfig.Protocol;
import io.flotilla.model.PortConfig.PublishMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's {@code ports}: the short form {@code [[host_ip:]published:]target[/protocol]},
 * where published and target may be equal-length ranges ({@code 8000-8001:80-81}), and the long
 * form (target, published, protocol, mode).
 */
final class Ports {
  private static final String SHORT_FORM = "[[host_ip:]published:]target[/protocol], e.g. 8080:80 or 8080:80/udp";
  private static final Pattern RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?");
  private static final Set<String> LONG_FORM = Set.of("target", "published", "protocol", "mode");

  private Ports() {}

  static List<PortConfig> parse(Value ports, Warnings warnings) {
    List<PortConfig> configs = new ArrayList<>();
    for (Value port : ports.items()) {
      if (port.isMapping()) {
        configs.add(longForm(port, warnings));
      } else {
        configs.addAll(shortForm(port, warnings));
      }
    }
    return configs;
  }

  private static PortConfig longForm(Value port, Warnings warnings) {
    warnings.otherKeys(port, LONG_FORM);
    int target = port.get("target").wholeNumber();
    Integer published = port.get("published").orNull(Value::wholeNumber);
    Protocol protocol = port.get("protocol").orNull(v -> v.as(Protocol::parse));
    PublishMode mode = port.get("mode").orNull(v -> v.as(PublishMode::parse));
    return port.build(() -> new PortConfig(published, target, protocol, mode));
  }

  private static List<PortConfig> shortForm(Value port, Warnings warnings) {
    String text = port.text().trim();
    Protocol protocol = null;
    int slash = text.indexOf('/');
    if (slash >= 0) {
      protocol = protocol(port, text.substring(slash + 1));
      text = text.substring(0, slash);
    }
    String[] parts = text.split(":", -1);
    if (parts.length > 3) {
      throw port.error("expected " + SHORT_FORM + ", got '" + port.text() + "'");
    }
    if (parts.length == 3) {
      warnings.add(port.path(),
          "host IP '" + parts[0] + "' not supported, ignored; the port is published on every address");
    }
    String publishedPart = parts.length >= 2 ? parts[parts.length - 2] : "";
    int[] targets = range(port, parts[parts.length - 1]);
    int[] published = publishedPart.isEmpty() ? null : range(port, publishedPart);
    if (published != null && published.length != targets.length) {
      throw port.error("published and target ranges must have the same length, got '" + port.text() + "'");
    }
    List<PortConfig> configs = new ArrayList<>();
    for (int i = 0; i < targets.length; i++) {
      Integer publishedPort = published == null ? null : published[i];
      int targetPort = targets[i];
      Protocol p = protocol;
      configs.add(port.build(() -> new PortConfig(publishedPort, targetPort, p, null)));
    }
    return configs;
  }

  private static Protocol protocol(Value port, String name) {
    try {
      return Protocol.parse(name);
    } catch (InvalidSpecException e) {
      throw port.error("protocol must be tcp or udp, not '" + name + "' in '" + port.text() + "'");
    }
  }

  private static int[] range(Value port, String text) {
    Matcher m = RANGE.matcher(text.trim());
    if (!m.matches() || m.group(1).length() > 5 || (m.group(2) != null && m.group(2).length() > 5)) {
      throw port.error("expected " + SHORT_FORM + ", got '" + port.text() + "'");
    }
    int first = Integer.parseInt(m.group(1));
    int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
    if (last < first) {
      throw port.error("range " + text + " ends before it starts");
    }
    int[] ports = new int[last - first + 1];
    for (int i = 0; i < ports.length; i++) {
      ports[i] = first + i;
    }
    return ports;
  }
}
