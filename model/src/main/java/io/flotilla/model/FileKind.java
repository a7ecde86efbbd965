package io.flotilla.model;

/**
 * The two kinds of file a service's tasks are given, as in Swarm: a secret (kept sealed, never
 * shown, mounted from tmpfs under {@code /run/secrets}) and a config (shown on inspect, mounted
 * at {@code /NAME} by default). Each has Swarm's size limit.
 */
public enum FileKind {
  SECRET("secret", 500 * 1024, "/run/secrets/"),
  CONFIG("config", 1000 * 1024, "/");

  private final String noun;
  private final int maxBytes;
  private final String defaultDirectory;

  FileKind(String noun, int maxBytes, String defaultDirectory) {
    this.noun = noun;
    this.maxBytes = maxBytes;
    this.defaultDirectory = defaultDirectory;
  }

  /** {@code secret} or {@code config}, as the user says it. */
  public String noun() {
    return noun;
  }

  public int maxBytes() {
    return maxBytes;
  }

  /**
   * Where a reference's file appears in the container: its target, or the source's name, under
   * {@code /run/secrets} for a secret unless the target is an absolute path (Swarm's rule), at
   * the root for a config.
   */
  public String targetPath(FileReference reference) {
    String target = reference.target() == null || reference.target().isBlank() ? reference.source()
        : reference.target();
    return target.startsWith("/") ? target : defaultDirectory + target;
  }
}
