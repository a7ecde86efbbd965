package io.flotilla.model;

import java.time.Instant;
import java.util.Map;

/**
 * A secret or a config as the managers keep it. For a secret {@code data} is sealed under the
 * managers' cluster secret (only a manager opens it, to send it to a node that runs a task using
 * it); for a config it is the content, base64-encoded. Neither kind changes once created (as in
 * Swarm): a new content is a new object.
 */
public record FileObject(String id, FileKind kind, String name, Map<String, String> labels, String data,
    Instant createdAt, Instant updatedAt, long version) {
  public FileObject {
    Check.required("id", id);
    if (kind == null) {
      throw new IllegalArgumentException("a secret or config needs its kind");
    }
    Check.name("name", name);
    labels = Check.map("labels", "a string", labels);
    Check.required("data", data);
  }

  /** What the API shows: metadata, and a config's content; never a secret's. */
  public View view() {
    return new View(id, name, labels, kind == FileKind.CONFIG ? data : null, createdAt, updatedAt, version);
  }

  /** A secret or config as the API answers it; {@code data} is null for a secret. */
  public record View(String id, String name, Map<String, String> labels, String data, Instant createdAt,
      Instant updatedAt, long version) {}

  @Override
  public String toString() {
    return "FileObject[" + kind.noun() + " " + name + " " + id + "]";
  }
}
