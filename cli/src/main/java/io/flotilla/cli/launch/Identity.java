package io.flotilla.cli.launch;

import io.flotilla.model.Ids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * What a node keeps in its data directory across restarts: its own id (never derived from the
 * Docker engine ID, which cloned hosts share) and, on managers, the cluster's id and secret
 * (and, on a cluster's first manager, the first admin token).
 */
final class Identity {
  private Identity() {}

  static String nodeId(Path dataDir) throws IOException {
    return readOrCreate(dataDir.resolve("node-id"));
  }

  static String clusterId(Path dataDir) throws IOException {
    return readOrCreate(dataDir.resolve("cluster-id"));
  }

  static String clusterSecret(Path dataDir) throws IOException {
    Path file = dataDir.resolve("cluster-secret");
    Optional<String> existing = read(file);
    if (existing.isPresent()) {
      return existing.get();
    }
    String secret = Ids.next(new SecureRandom()) + Ids.next(new SecureRandom());
    writePrivate(file, secret);
    return secret;
  }

  /** Writes a file that only its owner may read, from the moment it exists. */
  static void writePrivate(Path file, String value) throws IOException {
    io.flotilla.security.NodeTls.writePrivate(file, value + "\n");
  }

  static Optional<String> read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String value = Files.readString(file, StandardCharsets.UTF_8).trim();
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  static void write(Path file, String value) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String readOrCreate(Path file) throws IOException {
    Optional<String> existing = read(file);
    if (existing.isPresent()) {
      return existing.get();
    }
    String id = Ids.next(new SecureRandom());
    write(file, id);
    return id;
  }
}
