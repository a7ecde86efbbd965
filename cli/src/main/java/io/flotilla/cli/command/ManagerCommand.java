package io.flotilla.cli.command;

import io.flotilla.cli.launch.FirstAdminToken;
import io.flotilla.cli.launch.Launcher;
import io.flotilla.cli.launch.NodeOptions;
import io.flotilla.model.Durations;
import io.flotilla.model.Ipv4Cidr;
import io.flotilla.scheduler.network.Ipam;
import io.flotilla.security.NodeTls;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What {@code up} and {@code init} share: they both start a manager. */
abstract class ManagerCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(names = "--api-port", description = "Port of the HTTP API (default: $FLOTILLA_API_PORT or 7100)")
  Integer apiPort;

  @Option(names = "--raft-port", paramLabel = "PORT",
      description = "Port of the managers' Raft group on the advertised address (default: API port + 1)")
  Integer raftPort;

  @Option(names = "--bus-port", paramLabel = "PORT",
      description = "Port of this manager's event bus on the advertised address (default: API port + 2)")
  Integer busPort;

  @Option(names = "--data-dir", description = "Where this node keeps its state (default ~/.flotilla)")
  Path dataDir;

  @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "A label of this node (repeatable)")
  List<String> labels = new ArrayList<>();

  @Option(names = "--heartbeat-period", paramLabel = "DURATION",
      description = "How often agents report; a node is down after 3 missed (default 1s)")
  String heartbeatPeriod = "1s";

  @Option(names = "--task-history-limit", description = "Finished tasks kept per slot (default 5)")
  int taskHistoryLimit = 5;

  @Option(names = "--network-pool", paramLabel = "CIDR",
      description = "Where overlay networks get their subnets, a /20 each (default 10.192.0.0/10)")
  String networkPool;

  @Option(names = "--api-cert", paramLabel = "FILE",
      description = "Your own certificate chain (PEM) for the API, instead of one from the cluster CA")
  Path apiCert;

  @Option(names = "--api-key", paramLabel = "FILE", description = "The private key (PEM) of --api-cert")
  Path apiKey;

  @Option(names = "--cert-expiry", paramLabel = "DURATION",
      description = "How long node certificates live, as Swarm's --cert-expiry; nodes renew theirs with a third "
          + "left (default 2160h: 90 days; at least 1m)")
  String certExpiry = "2160h";

  @Option(names = "--secrets-dir", paramLabel = "DIR",
      description = "Where this node's agent writes its tasks' secrets and configs for their containers; must be "
          + "a tmpfs (default /run/flotilla/secrets, or /dev/shm/flotilla/secrets when /run is not a tmpfs)")
  Path secretsDir;

  @Option(names = {"-d", "--detach"}, description = "Run in the background; logs go to DATA_DIR/flotilla.log")
  boolean detach;

  abstract String advertiseAddress();

  abstract String apiHost();

  abstract boolean runAgent();

  /** The arguments that start this same command in the foreground. */
  abstract List<String> foregroundArgs(Path data, int port);

  /** Said once the manager is ready. */
  abstract void ready(ApiClient api, Path data, PrintWriter out);

  Path data() {
    return dataDir != null ? dataDir : Processes.defaultDataDir();
  }

  int port() {
    return apiPort != null ? apiPort : Integer.parseInt(System.getenv().getOrDefault("FLOTILLA_API_PORT", "7100"));
  }

  List<String> sharedArgs(Path data, int port) {
    List<String> args = new ArrayList<>(List.of("--api-port", String.valueOf(port),
        "--raft-port", String.valueOf(raftPort(port)), "--bus-port", String.valueOf(busPort(port)),
        "--data-dir", data.toString(),
        "--heartbeat-period", heartbeatPeriod, "--task-history-limit", String.valueOf(taskHistoryLimit),
        "--cert-expiry", certExpiry));
    labels.forEach(l -> args.addAll(List.of("--label", l)));
    if (networkPool != null) {
      args.addAll(List.of("--network-pool", networkPool));
    }
    if (apiCert != null) {
      args.addAll(List.of("--api-cert", apiCert.toString(), "--api-key", apiKey.toString()));
    }
    if (secretsDir != null) {
      args.addAll(List.of("--secrets-dir", absolute(secretsDir).toString()));
    }
    return args;
  }

  int raftPort(int apiPort) {
    return raftPort != null ? raftPort : apiPort + 1;
  }

  int busPort(int apiPort) {
    return busPort != null ? busPort : apiPort + 2;
  }

  Ipv4Cidr networkPool() {
    if (networkPool == null) {
      return Ipam.DEFAULT_POOL;
    }
    try {
      Ipv4Cidr pool = Ipv4Cidr.parse(networkPool);
      if (pool.prefix() > Ipam.DEFAULT_NETWORK_PREFIX) {
        throw new IllegalArgumentException("it must hold at least one /" + Ipam.DEFAULT_NETWORK_PREFIX);
      }
      return pool;
    } catch (IllegalArgumentException e) {
      throw new CliException("--network-pool: " + e.getMessage());
    }
  }

  /**
   * This manager's own API, trusted through the CA certificate in its data directory (or the
   * certificates of --api-cert), with the admin token it wrote if it started the cluster.
   */
  ApiClient localApi(Path data, int port) {
    String host = apiHost().equals("0.0.0.0") ? "127.0.0.1" : apiHost();
    return new ApiClient("https://" + host + ":" + port,
        apiCert != null ? apiCert : NodeTls.directoryOf(data).resolve(NodeTls.CA_FILE),
        FirstAdminToken.read(data).orElse(null));
  }

  /** Where the admin token is and how the CLI finds it, once the manager is ready. */
  void printAdminToken(PrintWriter out) {
    Path file = FirstAdminToken.file(data());
    if (!Files.exists(file)) {
      return;
    }
    out.println("The cluster's first admin API token is in " + file + (data().equals(Processes.defaultDataDir())
        ? "; the CLI on this host uses it by itself." : "; use it with: export FLOTILLA_TOKEN=$(cat " + file + ")"));
    out.println("Make tokens for others with 'flotilla token create --role readonly|admin NAME'.");
  }

  private void checkApiCertificate() {
    if ((apiCert == null) != (apiKey == null)) {
      throw new CliException("--api-cert and --api-key go together: give both, or neither to use the cluster CA's");
    }
    for (Path file : apiCert == null ? List.<Path>of() : List.of(apiCert, apiKey)) {
      if (!Files.isReadable(file)) {
        throw new CliException("cannot read " + file);
      }
    }
  }

  @Override
  public void run() {
    checkApiCertificate();
    Path data = data();
    int port = port();
    PrintWriter out = spec.commandLine().getOut();
    if (detach) {
      Processes.startInBackground(foregroundArgs(data, port), data, localApi(data, port), out);
      ready(localApi(data, port), data, out);
      return;
    }
    NodeOptions options = new NodeOptions(data, advertiseAddress(), apiHost(), port, raftPort(port), busPort(port),
        runAgent(),
        ServiceCommand.pairs("--label", labels),
        System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock"),
        Durations.parse("--heartbeat-period", heartbeatPeriod), taskHistoryLimit, networkPool(),
        absolute(apiCert), absolute(apiKey), certExpiry(), 0, absolute(secretsDir));
    Vertx vertx = Processes.started(Launcher.startManager(options), data);
    ready(localApi(data, port), data, out);
    Processes.blockUntilStopped(vertx);
  }

  private java.time.Duration certExpiry() {
    java.time.Duration expiry = Durations.parse("--cert-expiry", certExpiry);
    if (expiry.compareTo(java.time.Duration.ofMinutes(1)) < 0) {
      throw new CliException("--cert-expiry: " + certExpiry + " is too short; certificates must live at least 1m");
    }
    return expiry;
  }

  private static Path absolute(Path file) {
    return file == null ? null : file.toAbsolutePath();
  }

  static void awaitHealthy(ApiClient api) {
    for (int i = 0; i < 120; i++) {
      try {
        if (api.get("health").path("status").asText().equals("ready")) {
          return;
        }
      } catch (CliException.Untrusted never) {
        return;
      } catch (CliException notYet) {
        // the scheduler may still be taking the lead
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
