package io.flotilla.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.e2e.testbed.Testbed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cluster of several managers on the testbed: the first {@code managers} hosts run a manager
 * (with its agent), the others a worker; every process runs inside its host, so killing or
 * partitioning a host takes its manager with it. The first manager runs {@code init}, the
 * others join with the manager token. Talks to each manager's API at its host's address.
 */
final class ManagerCluster implements AutoCloseable {
  static final int API_PORT = 7100;
  private static final ObjectMapper JSON = new ObjectMapper();

  final Testbed testbed;
  final int managers;
  private final Path dataRoot;
  private final TrustedHttp http;
  private final Map<String, Process> processes = new ConcurrentHashMap<>();
  private String managerToken;
  private String workerToken;

  private ManagerCluster(Testbed testbed, int managers, Path dataRoot) {
    this.testbed = testbed;
    this.managers = managers;
    this.dataRoot = dataRoot;
    this.http = new TrustedHttp(dataRoot.resolve(testbed.host(1).name()).resolve("tls").resolve("ca.pem"),
        Duration.ofSeconds(1));
  }

  /** The cluster CA's certificate, as the first manager wrote it. */
  Path caFile() {
    return http.caFile();
  }

  /** Starts {@code hosts} testbed hosts, {@code managers} of them managers, and waits until all nodes are READY. */
  static ManagerCluster start(int hosts, int managers) throws IOException {
    Docker.buildTestImages();
    Testbed testbed = Testbed.start(hosts);
    ManagerCluster cluster = new ManagerCluster(testbed, managers, Files.createTempDirectory("flotilla-managers"));
    try {
      cluster.startAll();
    } catch (RuntimeException | IOException | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private void startAll() throws IOException {
    Testbed.Host first = testbed.host(1);
    startProcess(first);
    FlotillaProcess.await(Duration.ofSeconds(90), "the first manager", () -> healthy(first));
    JsonNode tokens = get(first, "/v1/cluster/join-tokens").orElseThrow();
    managerToken = tokens.path("manager").asText();
    workerToken = tokens.path("worker").asText();
    for (int i = 2; i <= testbed.hosts().size(); i++) {
      Testbed.Host host = testbed.host(i);
      startProcess(host);
      if (isManager(host)) {
        FlotillaProcess.await(Duration.ofSeconds(90), host.name() + " in the Raft group",
            () -> health(host).map(h -> h.path("managers").asInt()).orElse(0) == managerCount(host));
      }
    }
    FlotillaProcess.await(Duration.ofSeconds(90), "every node READY", () -> readyNodes(first) == testbed.hosts().size());
  }

  private int managerCount(Testbed.Host upTo) {
    return Math.min(upTo.index(), managers);
  }

  boolean isManager(Testbed.Host host) {
    return host.index() <= managers;
  }

  List<Testbed.Host> managerHosts() {
    return testbed.hosts().subList(0, managers);
  }

  /** (Re)starts the host's Flotilla process with its data directory: init, or join with the role's token. */
  void startProcess(Testbed.Host host) throws IOException {
    List<String> command = new ArrayList<>(List.of(FlotillaProcess.ROOT.resolve("bin/flotilla").toString()));
    Path data = dataRoot.resolve(host.name());
    if (host.index() == 1) {
      command.addAll(List.of("init", "--advertise-addr", host.address(), "--api-host", "0.0.0.0"));
    } else {
      command.addAll(List.of("join", "--token", isManager(host) ? managerToken : workerToken, "--advertise-addr",
          host.address(), joinVia(host) + ":" + API_PORT));
    }
    command.addAll(List.of("--data-dir", data.toString()));
    Path log = logOf(host);
    processes.put(host.name(), host.start(command, Map.of("FLOTILLA_JAVA_OPTS", "-Xmx256m"), log));
  }

  /** Where the host's Flotilla process writes, across its restarts. */
  Path logOf(Testbed.Host host) {
    return Path.of("target", "logs", "managers-" + host.name() + ".log").toAbsolutePath();
  }

  /** A live manager other than {@code host} to join through (the first, unless it is the one that restarts). */
  private String joinVia(Testbed.Host host) {
    return managerHosts().stream().filter(m -> m != host && healthy(m)).findFirst()
        .orElse(testbed.host(1)).address();
  }

  private final java.util.Set<String> dead = ConcurrentHashMap.newKeySet();
  private final java.util.Set<String> cut = ConcurrentHashMap.newKeySet();

  /** The host dies: every process of it, its engine and containers. */
  void kill(Testbed.Host host) {
    host.kill();
    processes.remove(host.name());
    dead.add(host.name());
  }

  /** The host comes back: its engine, then its Flotilla process with its data directory. */
  void revive(Testbed.Host host) throws IOException {
    host.revive();
    dead.remove(host.name());
    startProcess(host);
  }

  void partition(Testbed.Host host) {
    host.partition();
    cut.add(host.name());
  }

  void heal(Testbed.Host host) {
    host.heal();
    cut.remove(host.name());
  }

  boolean isDown(Testbed.Host host) {
    return dead.contains(host.name()) || cut.contains(host.name());
  }

  /** Heals every cut host and revives every dead one, so that a test starts whole whatever the last one did. */
  void restore() throws IOException {
    for (Testbed.Host host : testbed.hosts()) {
      if (cut.contains(host.name())) {
        heal(host);
      }
      if (dead.contains(host.name())) {
        revive(host);
      } else if (!processes.containsKey(host.name())) {
        startProcess(host);
      }
    }
  }

  /** Kills -9 the host's Flotilla process only (its engine and containers keep running). */
  void killProcess(Testbed.Host host) throws InterruptedException {
    Process process = processes.remove(host.name());
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  void forgetProcess(Testbed.Host host) {
    processes.remove(host.name());
  }

  /** Runs {@code bin/flotilla ARGS} against {@code via}'s API, as the admin (a --token in ARGS overrides it). */
  Shell.Result cli(Testbed.Host via, String... args) {
    List<String> command = new ArrayList<>(List.of("env", "FLOTILLA_HOST=" + url(via), "FLOTILLA_CA=" + caFile()));
    adminToken().ifPresent(token -> command.add("FLOTILLA_TOKEN=" + token));
    command.add(FlotillaProcess.ROOT.resolve("bin/flotilla").toString());
    command.addAll(List.of(args));
    return Shell.run(command);
  }

  String url(Testbed.Host host) {
    return "https://" + host.address() + ":" + API_PORT;
  }

  Optional<JsonNode> health(Testbed.Host host) {
    try {
      HttpResponse<String> response = send(host, HttpRequest.newBuilder(URI.create(url(host) + "/health")).GET(),
          Duration.ofSeconds(2));
      return Optional.of(JSON.readTree(response.body()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  boolean healthy(Testbed.Host host) {
    return health(host).map(h -> h.path("status").asText().equals("ready")).orElse(false);
  }

  Optional<JsonNode> get(Testbed.Host host, String path) {
    try {
      HttpResponse<String> response = send(host, HttpRequest.newBuilder(URI.create(url(host) + path)).GET(),
          Duration.ofSeconds(3));
      return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** POSTs JSON; a manager that does not answer in time counts as status 0. */
  Response post(Testbed.Host host, String path, String body, Duration timeout) {
    try {
      HttpResponse<String> response = send(host, HttpRequest.newBuilder(URI.create(url(host) + path))
          .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), timeout);
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      return new Response(0, String.valueOf(e.getMessage()));
    }
  }

  record Response(int status, String body) {}

  /**
   * POSTs JSON to the host's own API from inside the host (curl in its namespace): the way to
   * reach a manager that is cut off from everyone else.
   */
  Response postFromInside(Testbed.Host host, String path, String body, Duration timeout) {
    Shell.Result result = host.exec("curl", "-s", "-m", String.valueOf(timeout.toSeconds()), "-w", "\n%{http_code}",
        "--cacert", caFile().toString(), "-H", "content-type: application/json",
        "-H", "authorization: Bearer " + adminToken().orElse(""), "-d", body, "https://127.0.0.1:" + API_PORT + path);
    String out = result.out().strip();
    int newline = out.lastIndexOf('\n');
    String status = newline < 0 ? out : out.substring(newline + 1);
    try {
      return new Response(Integer.parseInt(status.strip()), newline < 0 ? "" : out.substring(0, newline));
    } catch (NumberFormatException e) {
      return new Response(0, out);
    }
  }

  /** The host's own /health, asked from inside the host. */
  Optional<JsonNode> healthFromInside(Testbed.Host host) {
    Shell.Result result = host.exec("curl", "-s", "-m", "3", "--cacert", caFile().toString(),
        "https://127.0.0.1:" + API_PORT + "/health");
    try {
      return result.exitCode() == 0 ? Optional.of(JSON.readTree(result.out())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The admin API token the first manager wrote when it made the cluster, once it has. */
  Optional<String> adminToken() {
    return FlotillaProcess.adminToken(dataRoot.resolve(testbed.host(1).name()));
  }

  /** Sends with the admin token, once there is one. */
  private HttpResponse<String> send(Testbed.Host host, HttpRequest.Builder request, Duration timeout)
      throws IOException {
    adminToken().ifPresent(token -> request.header("authorization", "Bearer " + token));
    return send(request, timeout);
  }

  /** Sends as it is: with whatever token {@code request} carries, if any. */
  HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) throws IOException {
    try {
      return http.client().send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  int readyNodes(Testbed.Host via) {
    return get(via, "/v1/nodes").map(nodes -> {
      int ready = 0;
      for (JsonNode n : nodes) {
        ready += n.path("state").asText().equals("READY") ? 1 : 0;
      }
      return ready;
    }).orElse(0);
  }

  /** The host whose manager {@code via} names as the leader, if it names one. */
  Optional<Testbed.Host> leader(Testbed.Host via) {
    return get(via, "/v1/nodes").flatMap(nodes -> {
      for (JsonNode n : nodes) {
        if (n.path("managerStatus").path("leader").asBoolean()) {
          return testbed.hosts().stream().filter(h -> h.name().equals(n.path("hostname").asText())).findFirst();
        }
      }
      return Optional.empty();
    });
  }

  /** Each reachable manager's answer to "who leads?", by manager host. */
  Map<String, String> leaderAsSeenBy(List<Testbed.Host> askers) {
    Map<String, String> seen = new HashMap<>();
    for (Testbed.Host asker : askers) {
      health(asker).ifPresent(h -> seen.put(asker.name(), h.path("leader").asText("")));
    }
    return seen;
  }

  List<String> serviceNames(Testbed.Host via) {
    List<String> names = new ArrayList<>();
    get(via, "/v1/services").ifPresent(list -> list.forEach(s -> names.add(s.path("name").asText())));
    return names.stream().sorted().toList();
  }

  /** What the engines really run for a service, over every host (a dead host's engine runs nothing). */
  int runningContainers(String service) {
    int total = 0;
    for (Testbed.Host host : testbed.hosts()) {
      Shell.Result ps = host.docker("ps", "-q", "--filter", "label=flotilla.service.name=" + service);
      total += ps.exitCode() == 0 ? (int) ps.out().lines().filter(l -> !l.isBlank()).count() : 0;
    }
    return total;
  }

  /** The ids of every running container of Flotilla's, over every live host. */
  List<String> allContainers() {
    List<String> ids = new ArrayList<>();
    for (Testbed.Host host : testbed.hosts()) {
      Shell.Result ps = host.docker("ps", "-q", "--no-trunc", "--filter", "label=flotilla.service.name");
      if (ps.exitCode() == 0) {
        ps.out().lines().filter(l -> !l.isBlank()).forEach(ids::add);
      }
    }
    return ids.stream().sorted().toList();
  }

  @Override
  public void close() {
    for (Process process : processes.values()) {
      process.destroy();
    }
    testbed.close();
    Shell.run("rm", "-rf", dataRoot.toString());
  }
}
