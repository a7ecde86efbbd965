package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.e2e.testbed.Testbed;
import io.flotilla.security.ClusterCa;
import io.flotilla.security.KeyPairs;
import io.flotilla.security.NodeIdentity;
import io.flotilla.security.NodeTls;
import io.flotilla.security.TrustManagers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;

/**
 * Nothing between nodes is open: on the multi-host test bed, every event-bus and Raft port
 * refuses a TLS client without a certificate of the cluster CA, the Raft port refuses workers
 * too, the API speaks HTTPS only, and a join token whose CA digest does not match the manager's
 * certificate stops the join before the token leaves the host.
 */
class ClusterSecurityIT extends MultiHostTestBase {
  private static final int HAZELCAST_PORTS_FROM = 5701;
  private static final int HAZELCAST_PORTS_TO = 5801;
  /** A worker's metrics port: API port (7100 by default) + 3. */
  private static final int WORKER_METRICS_PORT = 7103;

  private NodeTls managerTls() throws IOException {
    return NodeTls.load(manager.dataDir).orElseThrow();
  }

  private NodeTls agentTls(Testbed.Host host) throws IOException {
    return NodeTls.load(manager.dataDir.resolve("agent-" + host.name())).orElseThrow();
  }

  /** A certificate that looks right (same cluster id, manager role) but comes from another CA. */
  private X509KeyManager foreignCertificate() throws IOException {
    String clusterId = managerTls().identity().orElseThrow().clusterId();
    ClusterCa other = ClusterCa.create(clusterId, Instant.now());
    KeyPair keys = KeyPairs.generate();
    X509Certificate certificate = other.issue(keys.getPublic(), new NodeIdentity(clusterId, "intruder", "manager"),
        List.of(MANAGER), Instant.now(), Duration.ofDays(1));
    return TrustManagers.presenting(keys.getPrivate(), List.of(certificate, other.certificate()));
  }

  /**
   * The TCP ports the host's Flotilla process listens on, but Hazelcast's (which cannot encrypt),
   * DNS, and the worker's metrics endpoint: that one is for Prometheus, not for other nodes, and
   * asks for an API token instead of a certificate (PrometheusIT checks its 401s).
   */
  private List<Integer> flotillaPorts(Testbed.Host host) {
    List<Integer> ports = new ArrayList<>();
    for (String line : host.exec("ss", "-Hltnp").orFail().out().lines().toList()) {
      if (!line.contains("\"java\"")) {
        continue;
      }
      String local = line.trim().split("\\s+")[3];
      int port = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1));
      if (port != 53 && port != WORKER_METRICS_PORT && (port < HAZELCAST_PORTS_FROM || port > HAZELCAST_PORTS_TO)) {
        ports.add(port);
      }
    }
    return ports;
  }

  @Test
  void everyPortBetweenNodes_refusesClientsWithoutACertificateOfTheClusterCa() throws Exception {
    X509KeyManager foreign = foreignCertificate();
    List<String> endpoints = new ArrayList<>(List.of(MANAGER + ":" + manager.busPort, MANAGER + ":" + manager.raftPort));
    for (Testbed.Host host : testbed.hosts()) {
      List<Integer> ports = flotillaPorts(host);
      assertThat(ports).as("the event-bus port of the agent on " + host.name()).isNotEmpty();
      ports.forEach(port -> endpoints.add(host.address() + ":" + port));
    }

    for (String endpoint : endpoints) {
      String host = endpoint.substring(0, endpoint.indexOf(':'));
      int port = Integer.parseInt(endpoint.substring(endpoint.indexOf(':') + 1));
      String alpn = port == manager.raftPort ? "h2" : null;
      assertThat(TlsProbe.connect(host, port, null, alpn).admitted()).as(endpoint + " without a certificate").isFalse();
      assertThat(TlsProbe.connect(host, port, foreign, alpn).admitted()).as(endpoint + " with another CA's").isFalse();
    }
  }

  @Test
  void aJoinedNode_holdsACertificateOfTheClusterCa_whichTheBusAdmitsAndRaftRefuses() throws Exception {
    NodeTls managerTls = managerTls();
    for (Testbed.Host host : testbed.hosts()) {
      NodeTls agent = agentTls(host);
      agent.certificate().verify(managerTls.ca().getPublicKey());
      NodeIdentity identity = agent.identity().orElseThrow();
      assertThat(identity.role()).isEqualTo("worker");
      JsonNode node = manager.get("/v1/nodes/" + identity.nodeId());
      assertThat(node.path("hostname").asText()).isEqualTo(host.name());
      assertThat(node.path("state").asText()).isEqualTo("READY");
      assertThat(Duration.between(Instant.now(), agent.expiresAt())).isGreaterThan(Duration.ofDays(89));
      assertThat(Files.exists(manager.dataDir.resolve("agent-" + host.name()).resolve("cluster-secret")))
          .as("a worker never learns the cluster secret").isFalse();
    }

    X509KeyManager worker = agentTls(testbed.host(1)).keyManager();
    assertThat(TlsProbe.connect(MANAGER, manager.busPort, worker, null).admitted()).isTrue();
    assertThat(TlsProbe.connect(MANAGER, manager.raftPort, worker, "h2").admitted()).isFalse();
    assertThat(TlsProbe.connect(MANAGER, manager.raftPort, managerTls.keyManager(), "h2").admitted()).isTrue();
  }

  @Test
  void theApi_speaksHttpsOnly() {
    Testbed.Host other = testbed.host(2);
    Shell.Result plain = other.exec("curl", "-s", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}",
        "http://" + MANAGER + ":" + manager.apiPort + "/health");
    assertThat(plain.out().trim()).isNotEqualTo("200");
    Shell.Result unverified = other.exec("curl", "-s", "-m", "5", "https://" + MANAGER + ":" + manager.apiPort + "/health");
    assertThat(unverified.exitCode()).as("curl trusts no unknown CA").isNotZero();
    Shell.Result verified = other.exec("curl", "-s", "-m", "5", "--cacert", manager.caFile().toString(),
        "https://" + MANAGER + ":" + manager.apiPort + "/health");
    assertThat(verified.orFail().out()).contains("\"status\":\"ready\"");
  }

  @Test
  void aTokenNamingAnotherCa_stopsTheJoinBeforeTheTokenLeavesTheHost() throws Exception {
    String secret = token.substring(token.lastIndexOf('-') + 1);
    String otherDigest = ClusterCa.create("elsewhere", Instant.now()).digest();
    Testbed.Host joining = testbed.host(3);
    long logBefore = Files.size(manager.log);

    Shell.Result wrongDigest = joining.exec(FlotillaProcess.ROOT.resolve("bin/flotilla").toString(), "join",
        "--token", "FLTKN-1-" + otherDigest + "-" + secret, "--data-dir", scratch("wrong-digest").toString(),
        MANAGER + ":" + manager.apiPort);
    assertThat(wrongDigest.exitCode()).isEqualTo(1);
    assertThat(wrongDigest.err()).contains("not from the CA named in the join token");
    assertThat(Files.readString(manager.log).substring((int) logBefore))
        .doesNotContain("refused a join").doesNotContain("joins as");

    try (Impostor impostor = new Impostor()) {
      Shell.Result fooled = joining.exec(FlotillaProcess.ROOT.resolve("bin/flotilla").toString(), "join",
          "--token", token, "--data-dir", scratch("impostor").toString(), MANAGER + ":" + impostor.port());
      assertThat(fooled.exitCode()).isEqualTo(1);
      assertThat(fooled.err()).contains("not from the CA named in the join token");
      assertThat(impostor.connections()).as("the join reached the impostor").isPositive();
      assertThat(impostor.applicationBytes()).as("bytes the impostor received after a handshake").isZero();
    }
  }

  private Path scratch(String name) throws IOException {
    return Files.createDirectories(manager.dataDir.resolve("scratch-" + name));
  }

  /** A TLS server on the manager's address with a certificate from another CA, counting what reaches it. */
  private static final class Impostor implements AutoCloseable {
    private final SSLServerSocket server;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<Thread> accepting = new AtomicReference<>();

    Impostor() throws IOException {
      ClusterCa ca = ClusterCa.create("impostor", Instant.now());
      KeyPair keys = KeyPairs.generate();
      X509Certificate certificate = ca.issue(keys.getPublic(), new NodeIdentity("impostor", "impostor", "manager"),
          List.of(MANAGER), Instant.now(), Duration.ofDays(1));
      server = (SSLServerSocket) TrustManagers.context(
              TrustManagers.presenting(keys.getPrivate(), List.of(certificate, ca.certificate())),
              TrustManagers.trusting(ca.certificate()))
          .getServerSocketFactory().createServerSocket(0, 10, InetAddress.getByName(MANAGER));
      Thread thread = new Thread(this::serve, "impostor");
      thread.setDaemon(true);
      thread.start();
      accepting.set(thread);
    }

    int port() {
      return server.getLocalPort();
    }

    long connections() {
      return connections.get();
    }

    long applicationBytes() {
      return bytes.get();
    }

    private void serve() {
      while (!server.isClosed()) {
        try (SSLSocket socket = (SSLSocket) server.accept()) {
          connections.incrementAndGet();
          socket.setSoTimeout(5_000);
          InputStream in = socket.getInputStream();
          byte[] buffer = new byte[4096];
          for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            bytes.addAndGet(n);
          }
        } catch (IOException handshakeRefusedOrClosed) {
          // what should happen: the joining node drops the handshake
        }
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
