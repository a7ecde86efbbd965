package io.flotilla.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A volume in a task's container: a named volume (created by the engine of the node that runs
 * the task, kept when the task ends) or a bind of a path of that node.
 */
public record Mount(Type type, String source, String target, boolean readOnly) {

  public Mount {
    type = type == null ? Type.VOLUME : type;
    Check.required("mounts.target", target);
    Check.that(target.startsWith("/"), "mounts.target", "must be an absolute path, not '" + target + "'");
    if (type == Type.BIND) {
      Check.required("mounts.source", source);
      Check.that(source.startsWith("/"), "mounts.source", "of a bind must be an absolute path, not '" + source + "'");
    }
  }

  public enum Type {
    VOLUME, BIND;

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
