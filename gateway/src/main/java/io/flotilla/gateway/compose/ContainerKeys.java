package io.flotilla.gateway.compose;

import io.flotilla.model.ContainerOptions;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.LogDriver;
import io.flotilla.model.Mount;
import io.flotilla.model.Ulimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service's keys for how its containers run: {@code init}, {@code user}, {@code working_dir},
 * {@code hostname}, {@code stop_signal}, {@code stop_grace_period}, {@code cap_add},
 * {@code cap_drop}, {@code sysctls}, {@code ulimits}, {@code extra_hosts}, {@code dns},
 * {@code dns_search}, {@code read_only}, {@code logging}, and {@code tmpfs} (mounts), each in
 * every syntax Compose accepts. {@code expose} only documents ports, as in Compose: it is read
 * and has no effect.
 */
final class ContainerKeys {
  static final Set<String> KEYS = Set.of("init", "user", "working_dir", "hostname", "stop_signal",
      "stop_grace_period", "cap_add", "cap_drop", "sysctls", "ulimits", "extra_hosts", "dns", "dns_search",
      "read_only", "logging", "tmpfs", "expose");
  /** The model's fields, as the keys that set them. */
  private static final Map<String, String> KEY_OF = Map.ofEntries(
      Map.entry("container.user", "user"), Map.entry("container.workingDir", "working_dir"),
      Map.entry("container.hostname", "hostname"), Map.entry("container.stopSignal", "stop_signal"),
      Map.entry("container.stopGracePeriod", "stop_grace_period"), Map.entry("container.capAdd", "cap_add"),
      Map.entry("container.capDrop", "cap_drop"), Map.entry("container.sysctls", "sysctls"),
      Map.entry("container.ulimits", "ulimits"), Map.entry("container.extraHosts", "extra_hosts"),
      Map.entry("container.dns", "dns"), Map.entry("container.dnsSearch", "dns_search"),
      Map.entry("logging.driver", "logging.driver"), Map.entry("logging.options", "logging.options"));

  private ContainerKeys() {}

  static ContainerOptions parse(Value service, Warnings warnings) {
    Boolean init = service.get("init").orNull(Value::bool);
    String user = service.get("user").orNull(Value::text);
    String workingDir = service.get("working_dir").orNull(Value::text);
    String hostname = service.get("hostname").orNull(Value::text);
    String stopSignal = service.get("stop_signal").orNull(Value::text);
    Duration grace = service.get("stop_grace_period").orNull(Value::duration);
    List<String> capAdd = service.get("cap_add").items().stream().map(Value::text).toList();
    List<String> capDrop = service.get("cap_drop").items().stream().map(Value::text).toList();
    Map<String, String> sysctls = new LinkedHashMap<>();
    for (KeyValues.Entry e : KeyValues.parse(service.get("sysctls"))) {
      if (e.value() == null) {
        throw new InvalidSpecException(e.path(), "needs a value: " + e.key() + "=VALUE");
      }
      sysctls.put(e.key(), e.value());
    }
    Map<String, Ulimit> ulimits = new LinkedHashMap<>();
    service.get("ulimits").entries().forEach((name, limit) -> ulimits.put(name, ulimit(limit, warnings)));
    List<String> extraHosts = extraHosts(service.get("extra_hosts"));
    List<String> dns = service.get("dns").orNull(Value::texts);
    List<String> dnsSearch = service.get("dns_search").orNull(Value::texts);
    boolean readOnly = Boolean.TRUE.equals(service.get("read_only").orNull(Value::bool));
    LogDriver logging = service.get("logging").orNull(v -> logging(v, warnings));
    service.get("expose").items().forEach(Value::text);
    try {
      return new ContainerOptions(init, user, workingDir, hostname, stopSignal, grace, capAdd, capDrop, sysctls,
          ulimits, extraHosts, dns, dnsSearch, readOnly, logging);
    } catch (InvalidSpecException e) {
      throw new InvalidSpecException(keyPath(service, e.field()), e.problem());
    }
  }

  /** {@code tmpfs: /run} or a list of them, each {@code PATH[:size=64m,mode=1770]}. */
  static List<Mount> tmpfs(Value service, Warnings warnings) {
    Value tmpfs = service.get("tmpfs");
    List<Value> items = tmpfs.isText() ? List.of(tmpfs) : tmpfs.items();
    List<Mount> mounts = new ArrayList<>();
    for (Value item : items) {
      String text = item.text();
      int colon = text.indexOf(':');
      String target = colon < 0 ? text : text.substring(0, colon);
      long size = 0;
      Integer mode = null;
      if (colon >= 0) {
        for (String option : text.substring(colon + 1).split(",")) {
          if (option.startsWith("size=")) {
            size = ByteSize.parse(item.path(), option.substring(5));
          } else if (option.startsWith("mode=")) {
            mode = item.as(m -> Mount.TmpfsOptions.parseMode("mode", option.substring(5)));
          } else if (!option.isBlank()) {
            warnings.add(item.path(), "option '" + option + "' not supported, ignored");
          }
        }
      }
      Mount.TmpfsOptions options = size == 0 && mode == null ? null : new Mount.TmpfsOptions(size, mode);
      mounts.add(item.build(() -> Mount.tmpfs(target, options)));
    }
    return mounts;
  }

  /** {@code nofile: 1024} sets both limits; {@code nofile: {soft: 1024, hard: 2048}} each. */
  private static Ulimit ulimit(Value limit, Warnings warnings) {
    long soft;
    long hard;
    if (limit.isMapping()) {
      warnings.otherKeys(limit, Set.of("soft", "hard"));
      soft = limit.get("soft").wholeNumber();
      hard = limit.get("hard").wholeNumber();
    } else {
      soft = limit.wholeNumber();
      hard = soft;
    }
    try {
      return new Ulimit(soft, hard);
    } catch (InvalidSpecException e) {
      throw limit.error(e.problem());
    }
  }

  /** A list of {@code HOST:IP} (or {@code HOST=IP}, as newer Compose writes it), or a mapping of host to IP. */
  private static List<String> extraHosts(Value hosts) {
    List<String> entries = new ArrayList<>();
    if (hosts.isMapping()) {
      hosts.entries().forEach((host, ip) -> entries.add(host + ":" + ip.text()));
      return entries;
    }
    for (Value item : hosts.items()) {
      String text = item.text();
      int eq = text.indexOf('=');
      entries.add(eq > 0 ? text.substring(0, eq) + ":" + text.substring(eq + 1) : text);
    }
    return entries;
  }

  private static LogDriver logging(Value logging, Warnings warnings) {
    if (!logging.isMapping()) {
      throw logging.mustBe("a mapping such as {driver: json-file, options: {max-size: 10m}}");
    }
    warnings.otherKeys(logging, Set.of("driver", "options"));
    String driver = logging.get("driver").isAbsent() ? "json-file" : logging.get("driver").text();
    Map<String, String> options = new LinkedHashMap<>();
    logging.get("options").entries().forEach((key, value) -> options.put(key, value.text()));
    return new LogDriver(driver, options);
  }

  /** {@code container.capAdd[1]} of service {@code services.web} is {@code services.web.cap_add[1]}. */
  private static String keyPath(Value service, String field) {
    return KEY_OF.entrySet().stream().filter(k -> field.startsWith(k.getKey()))
        .max(Comparator.comparingInt(k -> k.getKey().length()))
        .map(k -> service.path() + "." + k.getValue() + field.substring(k.getKey().length()))
        .orElse(service.path() + "." + field);
  }
}
