package io.flotilla.cli.command;

import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.flotilla.cli.launch.Launcher;
import io.flotilla.cli.launch.NodeOptions;
import io.flotilla.model.Durations;
import io.flotilla.scheduler.membership.JoinTokens;
import io.flotilla.scheduler.network.Ipam;
import io.flotilla.security.CertificateRequests;
import io.flotilla.security.KeyPairs;
import io.flotilla.security.NodeTls;
import io.flotilla.security.Pem;
import io.flotilla.security.PinnedCa;
import java.security.KeyPair;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla join}: this host joins a cluster as a worker or a manager, as its token says. */
@Command(name = "join", description = {"Join this host to a cluster, as a worker or a manager (the token decides).",
    "Runs in the foreground until stopped. A node that restarts rejoins with its data directory."},
    footer = {"", "The token names the cluster CA: this host checks the manager's certificate against it before it",
        "sends anything, gets a certificate of its own, and speaks mutual TLS with every node from then on.",
        "", "Example:", "  flotilla join --token FLTKN-1-<CA digest>-<secret> --label zone=a 192.168.1.10:7100"})
public final class JoinCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(names = "--token", required = true, description = "A join token from 'flotilla join-token'") String token;
  @Option(names = "--advertise-addr", paramLabel = "ADDRESS",
      description = "The address other nodes reach this one at (default: this host's address towards the manager)")
  String advertiseAddr;
  @Option(names = "--data-dir", description = "Where this node keeps its state (default ~/.flotilla)") Path dataDir;
  @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "A label of this node (repeatable)")
  List<String> labels = new ArrayList<>();
  @Option(names = "--api-port", description = "API port, when joining as a manager (default 7100)") int apiPort = 7100;
  @Option(names = "--raft-port", paramLabel = "PORT",
      description = "Raft port, when joining as a manager (default: API port + 1)") Integer raftPort;
  @Option(names = "--bus-port", paramLabel = "PORT",
      description = "Event-bus port, when joining as a manager (default: API port + 2)") Integer busPort;
  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Where a worker serves its Prometheus /metrics over HTTPS (default: API port + 3; 0: nowhere); "
          + "a manager serves them on its API") Integer metricsPort;
  @Option(names = "--secrets-dir", paramLabel = "DIR",
      description = "Where this node's agent writes its tasks' secrets and configs for their containers; must be "
          + "a tmpfs, bind-mounted at the same path when the agent runs in a container (default /run/flotilla/secrets, or /dev/shm/flotilla/secrets when /run is not a tmpfs)")
  Path secretsDir;
  @Parameters(paramLabel = "MANAGER[:PORT]", description = "A manager's address and API port (default port 7100)")
  String manager;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
      throw new CliException("--metrics-port: expected a port from 0 to 65535, got " + metricsPort);
    }
    Path data = dataDir != null ? dataDir : Processes.defaultDataDir();
    String managerHost = manager.contains(":") ? manager.substring(0, manager.lastIndexOf(':')) : manager;
    String api = "https://" + (manager.contains(":") ? manager : manager + ":7100");
    String address = advertiseAddr != null ? advertiseAddr : Launcher.addressTowards(managerHost);
    String caDigest = JoinTokens.caDigest(token).orElseThrow(() -> new CliException(
        "--token: not a Flotilla join token (expected FLTKN-1-<CA digest>-<secret>, from 'flotilla join-token')"));
    Messages.JoinGrant grant = ask(ApiClient.pinned(api, new PinnedCa(caDigest)), address, data, out);
    out.println("Joining cluster " + grant.clusterId() + " as a " + grant.role().json() + " (advertised at "
        + address + ")...");
    out.flush();
    NodeOptions options = new NodeOptions(data, address, "0.0.0.0", apiPort,
        raftPort != null ? raftPort : apiPort + 1, busPort != null ? busPort : apiPort + 2, true,
        ServiceCommand.pairs("--label", labels),
        System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock"),
        grant.heartbeatPeriod() != null ? grant.heartbeatPeriod() : Durations.parse("heartbeat", "1s"), 5,
        Ipam.DEFAULT_POOL, null, null, null, metricsPort != null ? metricsPort : apiPort + 3,
        secretsDir == null ? null : secretsDir.toAbsolutePath());
    Vertx vertx = Processes.started(Launcher.join(options, grant, token), data);
    out.println("This node joined the cluster as a " + grant.role().json() + ".");
    out.flush();
    Processes.blockUntilStopped(vertx);
  }

  /**
   * Presents the token and a request for a certificate. A node that was already a member may
   * come back with what it was granted then, even after the token was rotated: rotation only
   * stops new nodes. A manager that fails the token's CA check is never trusted that way.
   */
  private Messages.JoinGrant ask(ApiClient api, String address, Path data, PrintWriter out) {
    Path stored = data.resolve("membership.json");
    try {
      KeyPair keys = KeyPairs.generate();
      var request = new Messages.JoinRequest(token, Launcher.hostname(), address, Launcher.nodeId(data),
          CertificateRequests.create(keys));
      Messages.JoinGrant grant = Json.MAPPER.treeToValue(api.post("v1/cluster/join", request), Messages.JoinGrant.class);
      NodeTls.save(data, Pem.certificate(grant.caCertificate()), Pem.certificate(grant.certificate()),
          keys.getPrivate());
      if (grant.clusterSecret() != null) {
        NodeTls.writePrivate(data.resolve("cluster-secret"), grant.clusterSecret() + "\n");
      }
      Files.writeString(stored, Json.encode(grant.withoutSecrets()));
      return grant;
    } catch (CliException refused) {
      if (Files.exists(stored) && !(refused instanceof CliException.Untrusted)) {
        try {
          Messages.JoinGrant previous = Json.decode(Files.readString(stored), Messages.JoinGrant.class);
          out.println("The manager said: " + refused.getMessage());
          out.println("Rejoining with the membership this node already has (" + stored + ").");
          return previous;
        } catch (IOException | RuntimeException unreadable) {
          throw refused;
        }
      }
      throw refused;
    } catch (IOException e) {
      throw new CliException("cannot join: " + e.getMessage());
    }
  }
}
