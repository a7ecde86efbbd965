package io.flotilla.gateway.compose;

import io.flotilla.model.Mount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A service's {@code volumes}: {@code name:/path[:ro]} mounts a named volume declared at the
 * top level, {@code /host/path:/path[:ro]} binds a path of the node, {@code /path} alone is an
 * anonymous volume; the long form says the same with type, source, target and read_only, and
 * has {@code type: tmpfs} too, with {@code tmpfs: {size, mode}}.
 * Relative host paths are rejected: a cluster has no project directory to resolve them against.
 */
final class VolumeMounts {
  private static final Set<String> LONG_FORM = Set.of("type", "source", "target", "read_only", "tmpfs");

  private VolumeMounts() {}

  /** {@code declared} maps each top-level volume's name to the engine's name for it. */
  static List<Mount> parse(Value volumes, Map<String, String> declared, Warnings warnings) {
    List<Mount> mounts = new ArrayList<>();
    for (Value volume : volumes.items()) {
      if (volume.isMapping()) {
        longForm(volume, declared, warnings).ifPresent(mounts::add);
      } else {
        mounts.add(shortForm(volume, declared, warnings));
      }
    }
    return mounts;
  }

  private static Mount shortForm(Value volume, Map<String, String> declared, Warnings warnings) {
    String[] parts = volume.text().split(":", -1);
    if (parts.length > 3) {
      throw volume.error("expected [source:]target[:ro], got '" + volume.text() + "'");
    }
    if (parts.length == 1) {
      return volume.build(() -> new Mount(Mount.Type.VOLUME, null, parts[0], false));
    }
    boolean readOnly = false;
    if (parts.length == 3) {
      for (String option : parts[2].split(",")) {
        if (option.equals("ro")) {
          readOnly = true;
        } else if (!option.equals("rw")) {
          warnings.add(volume.path(), "mode '" + option + "' not supported, ignored");
        }
      }
    }
    return mount(volume, parts[0], parts[1], readOnly, declared);
  }

  private static Optional<Mount> longForm(Value volume, Map<String, String> declared, Warnings warnings) {
    warnings.otherKeys(volume, LONG_FORM);
    String type = volume.get("type").isAbsent() ? "volume" : volume.get("type").text();
    boolean readOnly = Boolean.TRUE.equals(volume.get("read_only").orNull(Value::bool));
    String target = volume.get("target").text();
    String source = volume.get("source").orNull(Value::text);
    return switch (type) {
      case "volume" -> Optional.of(source == null
          ? volume.build(() -> new Mount(Mount.Type.VOLUME, null, target, readOnly))
          : mount(volume, source, target, readOnly, declared));
      case "bind" -> {
        if (source == null) {
          throw volume.get("source").error("is required for a bind mount");
        }
        yield Optional.of(mount(volume, source, target, readOnly, declared));
      }
      case "tmpfs" -> {
        Value options = volume.get("tmpfs");
        Mount.TmpfsOptions tmpfs = options.orNull(o -> tmpfsOptions(o, warnings));
        yield Optional.of(volume.build(() -> new Mount(Mount.Type.TMPFS, source, target, readOnly, tmpfs)));
      }
      default -> {
        warnings.add(volume.get("type").path(), "'" + type + "' not supported, ignored; the mount is left out");
        yield Optional.empty();
      }
    };
  }

  /** {@code size} in bytes or as a size such as 64m; {@code mode} as octal permission bits (Compose writes 1777). */
  private static Mount.TmpfsOptions tmpfsOptions(Value options, Warnings warnings) {
    if (!options.isMapping()) {
      throw options.mustBe("a mapping such as {size: 64m, mode: 1777}");
    }
    warnings.otherKeys(options, Set.of("size", "mode"));
    Value size = options.get("size");
    long bytes = size.isAbsent() ? 0 : ByteSize.parse(size.path(), size.text());
    Value mode = options.get("mode");
    Integer bits = mode.isAbsent() ? null : mode.as(m -> Mount.TmpfsOptions.parseMode("mode", m));
    return options.build(() -> new Mount.TmpfsOptions(bytes, bits));
  }

  /** A source starting with '/' is a host path; '.' or '~' a relative one; anything else names a volume. */
  private static Mount mount(Value volume, String source, String target, boolean readOnly,
      Map<String, String> declared) {
    if (source.startsWith("/")) {
      return volume.build(() -> new Mount(Mount.Type.BIND, source, target, readOnly));
    }
    if (source.startsWith(".") || source.startsWith("~")) {
      throw volume.error("'" + source + "' is a relative host path; a cluster has no project directory to resolve it"
          + " against: use an absolute path or a named volume");
    }
    String engineName = declared.get(source);
    if (engineName == null) {
      throw volume.error("volume '" + source + "' is not declared in the top-level volumes key");
    }
    return volume.build(() -> new Mount(Mount.Type.VOLUME, engineName, target, readOnly));
  }
}
