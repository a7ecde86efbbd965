package io.flotilla.model;

import java.util.Base64;
import java.util.Map;

/**
 * What the user gives to create a secret or a config: a name, labels and the content,
 * base64-encoded in {@code data}. Its size is checked against the kind's limit by {@link #bytes}.
 */
public record FileObjectSpec(String name, Map<String, String> labels, String data) {
  public FileObjectSpec {
    Check.name("name", name);
    labels = Check.map("labels", "a string", labels);
    if (data == null) {
      throw new InvalidSpecException("data", "is required (the content, base64-encoded)");
    }
  }

  /** The decoded content, between 1 byte and the kind's limit, or an error naming {@code data}. */
  public byte[] bytes(FileKind kind) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException("data", "must be base64: " + e.getMessage());
    }
    Check.that(bytes.length >= 1, "data", "is empty; a " + kind.noun() + " needs at least 1 byte");
    Check.that(bytes.length <= kind.maxBytes(), "data", "is " + bytes.length + " bytes; a " + kind.noun()
        + " holds at most " + kind.maxBytes() + " bytes (" + kind.maxBytes() / 1024 + " KiB)");
    return bytes;
  }

  @Override
  public String toString() {
    return "FileObjectSpec[name=" + name + ", labels=" + labels + "]";
  }
}
