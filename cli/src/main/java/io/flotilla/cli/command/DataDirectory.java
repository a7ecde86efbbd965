package io.flotilla.cli.command;

import io.flotilla.security.NodeTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files of a Flotilla data directory that the client verbs read: pure JDK, so that the slim
 * client jar carries it without the server's libraries.
 */
public final class DataDirectory {
  /** The cluster's first admin API token, written by its first manager (mode 0600). */
  public static final String ADMIN_TOKEN_FILE = "admin-token";

  private DataDirectory() {}

  /** {@code ~/.flotilla}, where every process keeps its data unless told otherwise. */
  public static Path defaultPath() {
    return Path.of(System.getProperty("user.home"), ".flotilla");
  }

  /** The cluster CA's certificate that a manager writes in {@code dataDir}: {@link NodeTls}'s layout, by its constants alone. */
  public static Path caFile(Path dataDir) {
    return dataDir.resolve(NodeTls.DIRECTORY).resolve(NodeTls.CA_FILE);
  }

  /** The secret in {@code dataDir}'s admin token file, if there is one and it can be read. */
  public static Optional<String> adminToken(Path dataDir) {
    Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      String value = Files.readString(file, StandardCharsets.UTF_8).trim();
      return value.isEmpty() ? Optional.empty() : Optional.of(value);
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }
}
