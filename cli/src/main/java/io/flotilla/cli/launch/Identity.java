package io.flotilla.cli.launch;

import io.flotilla.model.Ids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Ids that must survive restarts, kept in the data directory: the cluster's (which also names
 * the Hazelcast cluster, so two Flotilla clusters on one host never merge) and this node's.
 * A node's identity never comes from the Docker engine ID, which cloned hosts share.
 */
record Identity(String clusterId, String nodeId) {

  static Identity load(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    return new Identity(readOrCreate(dataDir.resolve("cluster-id")), readOrCreate(dataDir.resolve("node-id")));
  }

  private static String readOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      String id = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!id.isEmpty()) {
        return id;
      }
    }
    String id = Ids.next(new SecureRandom());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return id;
  }
}
