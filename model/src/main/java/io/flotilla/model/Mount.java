package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A volume in a task's container: a named volume (created by the engine of the node that runs
 * the task, kept when the task ends), a bind of a path of that node, or a tmpfs (memory, gone
 * with the container) with optional {@code tmpfs} size and mode, as Swarm's TmpfsOptions.
 */
public record Mount(Type type, String source, String target, boolean readOnly,
    @JsonInclude(JsonInclude.Include.NON_NULL) TmpfsOptions tmpfs) {

  public Mount {
    type = type == null ? Type.VOLUME : type;
    Check.required("mounts.target", target);
    Check.that(target.startsWith("/"), "mounts.target", "must be an absolute path, not '" + target + "'");
    if (type == Type.BIND) {
      Check.required("mounts.source", source);
      Check.that(source.startsWith("/"), "mounts.source", "of a bind must be an absolute path, not '" + source + "'");
    }
    if (type == Type.TMPFS) {
      Check.that(source == null || source.isEmpty(), "mounts.source", "a tmpfs has no source");
      source = null;
    } else {
      Check.that(tmpfs == null, "mounts.tmpfs", "only a mount of type tmpfs has tmpfs options");
    }
  }

  public Mount(Type type, String source, String target, boolean readOnly) {
    this(type, source, target, readOnly, null);
  }

  /** A tmpfs at {@code target}, of the engine's default size (half the node's memory) and mode (1777). */
  public static Mount tmpfs(String target, TmpfsOptions options) {
    return new Mount(Type.TMPFS, null, target, false, options);
  }

  /** A tmpfs's size in bytes (0: the engine's default) and permission bits (null: 1777). */
  public record TmpfsOptions(long sizeBytes, Integer mode) {
    public TmpfsOptions {
      Check.that(sizeBytes >= 0, "mounts.tmpfs.sizeBytes", "must not be negative");
      Check.that(mode == null || (mode >= 0 && mode <= 07777), "mounts.tmpfs.mode",
          "must be permission bits from 0 to 7777 (octal)");
    }

    /** Docker's {@code --mount} spelling of a mode: octal digits such as 1770. */
    public static Integer parseMode(String field, String octal) {
      Check.that(octal.matches("[0-7]{1,4}"), field, "expected octal permission bits such as 1770, not '" + octal + "'");
      return Integer.parseInt(octal, 8);
    }
  }

  public enum Type {
    VOLUME, BIND, TMPFS;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Type parse(String value) {
      return Check.oneOf(values(), Type::json, value, "mounts.type");
    }
  }
}
