package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.security.ClusterCa;
import io.flotilla.security.KeyPairs;
import io.flotilla.security.NodeIdentity;
import io.flotilla.security.NodeTls;
import io.flotilla.security.Pem;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Joining takes a current token of the right cluster: a wrong token is refused with a clear
 * message and the node never appears; a rotated token stops new nodes only. Certificates are
 * renewed before they expire, and the renewed ones are what the nodes present.
 */
class JoinTokenIT {
  private final List<Process> processes = new ArrayList<>();
  private final Path root = Files.createTempDirectory("flotilla-join");
  private int apiPort;

  JoinTokenIT() throws IOException {}

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private Process flotilla(String log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(FlotillaProcess.ROOT.resolve("bin/flotilla").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(root.resolve(log).toFile()).start();
    processes.add(p);
    return p;
  }

  private Shell.Result cli(String... args) {
    List<String> command = new ArrayList<>(List.of("env", "FLOTILLA_HOST=https://127.0.0.1:" + apiPort,
        "FLOTILLA_CA=" + root.resolve("manager").resolve("tls").resolve("ca.pem")));
    FlotillaProcess.adminToken(root.resolve("manager")).ifPresent(token -> command.add("FLOTILLA_TOKEN=" + token));
    command.add(FlotillaProcess.ROOT.resolve("bin/flotilla").toString());
    command.addAll(List.of(args));
    return Shell.run(command);
  }

  private List<JsonNode> nodes() {
    try {
      List<JsonNode> nodes = new ArrayList<>();
      new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli("node", "ls", "--format", "json").orFail().out())
          .forEach(nodes::add);
      return nodes;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void wrongTokensAreRefused_andRotationStopsOnlyNewJoins() throws Exception {
    Docker.requireEngine();
    try (ServerSocket s = new ServerSocket(0)) {
      apiPort = s.getLocalPort();
    }
    String manager = "127.0.0.1:" + apiPort;
    flotilla("manager.log", "init", "--advertise-addr", "127.0.0.1", "--no-agent", "--api-port",
        String.valueOf(apiPort), "--data-dir", root.resolve("manager").toString());
    FlotillaProcess.await(Duration.ofSeconds(60), "the manager's API", () -> cli("join-token", "worker", "-q").exitCode() == 0);
    String workerToken = cli("join-token", "worker", "-q").orFail().out().trim();
    assertThat(workerToken).startsWith("FLTKN-1-");

    Shell.Result refused = Shell.run(FlotillaProcess.ROOT.resolve("bin/flotilla").toString(), "join",
        "--token", workerToken.substring(0, workerToken.length() - 3) + "xyz",
        "--data-dir", root.resolve("intruder").toString(), manager);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("Error: invalid join token");

    flotilla("worker1.log", "join", "--token", workerToken, "--data-dir", root.resolve("worker1").toString(), manager);
    FlotillaProcess.await(Duration.ofSeconds(60), "worker 1 READY", () -> nodes().stream()
        .anyMatch(n -> n.path("role").asText().equals("worker") && n.path("state").asText().equals("READY")));
    assertThat(nodes()).hasSize(1);

    Shell.Result rotated = cli("join-token", "worker", "--rotate");
    assertThat(rotated.orFail().out()).contains("Rotated the worker join token");
    String newToken = cli("join-token", "worker", "-q").orFail().out().trim();
    assertThat(newToken).isNotEqualTo(workerToken);

    Shell.Result stale = Shell.run(FlotillaProcess.ROOT.resolve("bin/flotilla").toString(), "join",
        "--token", workerToken, "--data-dir", root.resolve("worker2").toString(), manager);
    assertThat(stale.exitCode()).isEqualTo(1);
    assertThat(stale.err()).contains("invalid join token");
    Thread.sleep(3000);
    assertThat(nodes()).singleElement().satisfies(n -> assertThat(n.path("state").asText()).isEqualTo("READY"));

    flotilla("worker3.log", "join", "--token", newToken, "--data-dir", root.resolve("worker3").toString(), manager);
    FlotillaProcess.await(Duration.ofSeconds(60), "worker 3 READY", () -> nodes().stream()
        .filter(n -> n.path("state").asText().equals("READY")).count() == 2);
    assertThat(nodes()).hasSize(2);
  }

  /**
   * With certificates that live a minute, every node renews its own about 40 s in; once the
   * first ones have expired, every port presents a renewed certificate, and a node that joins
   * then works: its connections to the manager, and the manager's to it, are all new.
   */
  @Test
  void certificatesAreRenewedBeforeTheyExpire_andEveryPortPresentsTheRenewedOne() throws Exception {
    Docker.requireEngine();
    try (ServerSocket s = new ServerSocket(0)) {
      apiPort = s.getLocalPort();
    }
    String manager = "127.0.0.1:" + apiPort;
    flotilla("manager.log", "init", "--advertise-addr", "127.0.0.1", "--no-agent", "--cert-expiry", "1m",
        "--api-port", String.valueOf(apiPort), "--data-dir", root.resolve("manager").toString());
    FlotillaProcess.await(Duration.ofSeconds(60), "the manager's API", () -> cli("join-token", "worker", "-q").exitCode() == 0);
    String workerToken = cli("join-token", "worker", "-q").orFail().out().trim();
    Process worker = flotilla("worker1.log", "join", "--token", workerToken, "--data-dir",
        root.resolve("worker1").toString(), manager);
    FlotillaProcess.await(Duration.ofSeconds(60), "worker 1 READY", () -> readyWorkers() == 1);

    NodeTls issued = NodeTls.load(root.resolve("worker1")).orElseThrow();
    assertThat(Duration.between(issued.certificate().getNotBefore().toInstant(), issued.expiresAt()))
        .isLessThanOrEqualTo(Duration.ofSeconds(66));
    FlotillaProcess.await(Duration.ofSeconds(90), "the first certificates expired",
        () -> java.time.Instant.now().isAfter(issued.expiresAt().plusSeconds(2)));

    NodeTls managerTls = NodeTls.load(root.resolve("manager")).orElseThrow();
    List<Integer> ports = new ArrayList<>(List.of(apiPort, apiPort + 1, apiPort + 2));
    ports.addAll(listeningPorts(worker.pid()));
    for (int port : ports) {
      TlsProbe.Verdict verdict = TlsProbe.connect("127.0.0.1", port, managerTls.keyManager(),
          port == apiPort + 1 ? "h2" : null);
      assertThat(verdict.admitted()).as("port " + port + ": " + verdict.detail()).isTrue();
      assertThat(verdict.server().getNotAfter().toInstant()).as("the certificate port " + port + " presents")
          .isAfter(java.time.Instant.now());
    }

    flotilla("worker2.log", "join", "--token", workerToken, "--data-dir", root.resolve("worker2").toString(), manager);
    FlotillaProcess.await(Duration.ofSeconds(60), "worker 2 READY beside worker 1", () -> readyWorkers() == 2);
  }

  /** With --api-cert, clients get the user's certificate, and a joining node still the cluster's (it asks by SNI). */
  @Test
  void aManagerWithItsOwnApiCertificate_stillAdmitsJoiningNodes() throws Exception {
    Docker.requireEngine();
    try (ServerSocket s = new ServerSocket(0)) {
      apiPort = s.getLocalPort();
    }
    ClusterCa users = ClusterCa.create("the-users-own-ca", java.time.Instant.now());
    java.security.KeyPair keys = KeyPairs.generate();
    Path cert = root.resolve("api-cert.pem");
    Path key = root.resolve("api-key.pem");
    Files.writeString(cert, Pem.encode(users.issue(keys.getPublic(), new NodeIdentity("users", "api", "manager"),
        List.of("127.0.0.1"), java.time.Instant.now(), Duration.ofDays(1)), users.certificate()));
    Files.writeString(key, Pem.encode(keys.getPrivate()));
    flotilla("manager.log", "init", "--advertise-addr", "127.0.0.1", "--no-agent", "--api-port", String.valueOf(apiPort),
        "--api-cert", cert.toString(), "--api-key", key.toString(), "--data-dir", root.resolve("manager").toString());
    FlotillaProcess.await(Duration.ofSeconds(60), "the manager's API", () -> Files.exists(root.resolve("manager")
        .resolve("admin-token")) && userCli(cert, "node", "ls").exitCode() == 0);

    TlsProbe.Verdict api = TlsProbe.connect("127.0.0.1", apiPort, null, null);
    assertThat(api.server().getIssuerX500Principal()).isEqualTo(users.certificate().getSubjectX500Principal());
    assertThat(cli("node", "ls").exitCode()).as("the cluster CA does not vouch for the user's certificate").isNotZero();

    String workerToken = userCli(cert, "join-token", "worker", "-q").orFail().out().trim();
    flotilla("worker1.log", "join", "--token", workerToken, "--data-dir", root.resolve("worker1").toString(),
        "127.0.0.1:" + apiPort);
    FlotillaProcess.await(Duration.ofSeconds(60), "the worker READY", () -> userCli(cert, "node", "ls").out()
        .lines().anyMatch(line -> line.contains("Ready") && line.contains("worker")));
  }

  private Shell.Result userCli(Path caFile, String... args) {
    List<String> command = new ArrayList<>(List.of("env", "FLOTILLA_HOST=https://127.0.0.1:" + apiPort,
        "FLOTILLA_CA=" + caFile));
    FlotillaProcess.adminToken(root.resolve("manager")).ifPresent(token -> command.add("FLOTILLA_TOKEN=" + token));
    command.add(FlotillaProcess.ROOT.resolve("bin/flotilla").toString());
    command.addAll(List.of(args));
    return Shell.run(command);
  }

  private long readyWorkers() {
    return nodes().stream().filter(n -> n.path("role").asText().equals("worker")
        && n.path("state").asText().equals("READY")).count();
  }

  /** The TCP ports process {@code pid} listens on, but Hazelcast's. */
  private static List<Integer> listeningPorts(long pid) {
    List<Integer> ports = new ArrayList<>();
    Shell.run("ss", "-Hltnp").orFail().out().lines().filter(line -> line.contains("pid=" + pid + ",")).forEach(line -> {
      String local = line.trim().split("\\s+")[3];
      int port = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1));
      if (port < 5701 || port > 5801) {
        ports.add(port);
      }
    });
    return ports;
  }
}
