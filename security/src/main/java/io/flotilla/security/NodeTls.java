package io.flotilla.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * A node's TLS material in {@code DATA_DIR/tls}: the cluster CA's certificate ({@code ca.pem}),
 * the node's certificate chain ({@code node.pem}: its certificate, then the CA's) and its
 * private key ({@code node-key.pem}). Every file is readable by its owner only.
 */
public record NodeTls(Path directory, X509Certificate ca, List<X509Certificate> chain, PrivateKey key) {
  /** The directory in DATA_DIR that holds these files. */
  public static final String DIRECTORY = "tls";
  public static final String CA_FILE = "ca.pem";
  public static final String CERT_FILE = "node.pem";
  public static final String KEY_FILE = "node-key.pem";
  /**
   * The name a manager's certificate carries for its cluster, and that a joining node asks for
   * (TLS server name indication): an API that presents the user's own certificate to others
   * presents the cluster's to a joining node.
   */
  public static final String CLUSTER_SERVER_NAME = "cluster.flotilla";

  public NodeTls {
    chain = List.copyOf(chain);
  }

  public static Path directoryOf(Path dataDir) {
    return dataDir.resolve(DIRECTORY);
  }

  public static Optional<NodeTls> load(Path dataDir) throws IOException {
    Path dir = directoryOf(dataDir);
    if (!Files.exists(dir.resolve(CERT_FILE)) || !Files.exists(dir.resolve(KEY_FILE))
        || !Files.exists(dir.resolve(CA_FILE))) {
      return Optional.empty();
    }
    return Optional.of(new NodeTls(dir, Pem.certificate(read(dir.resolve(CA_FILE))),
        Pem.certificates(read(dir.resolve(CERT_FILE))), Pem.privateKey(read(dir.resolve(KEY_FILE)))));
  }

  /** Writes the material (the chain given leaf first, the CA appended when missing) and returns it. */
  public static NodeTls save(Path dataDir, X509Certificate ca, X509Certificate certificate, PrivateKey key)
      throws IOException {
    Path dir = directoryOf(dataDir);
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    List<X509Certificate> chain = List.of(certificate, ca);
    writePrivate(dir.resolve(KEY_FILE), Pem.encode(key));
    writePrivate(dir.resolve(CERT_FILE), Pem.encode((Object[]) chain.toArray(X509Certificate[]::new)));
    writePrivate(dir.resolve(CA_FILE), Pem.encode(ca));
    return new NodeTls(dir, ca, chain, key);
  }

  /** Writes {@code text} to {@code file} readable by its owner only, atomically. */
  public static void writePrivate(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public Path caFile() {
    return directory.resolve(CA_FILE);
  }

  public Path certFile() {
    return directory.resolve(CERT_FILE);
  }

  public Path keyFile() {
    return directory.resolve(KEY_FILE);
  }

  public X509Certificate certificate() {
    return chain.get(0);
  }

  public Optional<NodeIdentity> identity() {
    return NodeIdentity.of(certificate());
  }

  public Instant expiresAt() {
    return certificate().getNotAfter().toInstant();
  }

  public X509KeyManager keyManager() {
    return TrustManagers.presenting(key, chain);
  }

  public X509TrustManager trustManager() {
    return TrustManagers.trusting(ca);
  }

  /** Trusts the cluster CA and presents this node's certificate. */
  public SSLContext context() {
    return TrustManagers.context(keyManager(), trustManager());
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
