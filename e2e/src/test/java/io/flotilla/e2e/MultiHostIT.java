package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.e2e.testbed.Testbed;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A cluster of three worker hosts (network namespaces, each with its own dockerd and agent)
 * and a manager in the root namespace, on the testbed. Hosts really die and get partitioned.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiHostIT {
  private static final String MANAGER = "10.77.0.1";
  private Testbed testbed;
  private FlotillaProcess manager;
  private String token;
  private final Map<String, Process> agents = new HashMap<>();
  private final List<String> services = new ArrayList<>();
  private final List<String> networks = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    Docker.buildTestImages();
    testbed = Testbed.start(3);
    manager = new FlotillaProcess();
    manager.init(MANAGER, "--no-agent", "--api-host", "0.0.0.0");
    token = manager.cli("join-token", "worker", "-q").orFail().out().trim();
    Map<String, String> zones = Map.of("fl-h1", "a", "fl-h2", "a", "fl-h3", "b");
    for (Testbed.Host host : testbed.hosts()) {
      startAgent(host, "zone=" + zones.get(host.name()));
    }
    FlotillaProcess.await(Duration.ofSeconds(90), "3 READY nodes", () -> readyNodes().size() == 3);
  }

  private void startAgent(Testbed.Host host, String label) throws IOException {
    Process agent = host.start(List.of(FlotillaProcess.ROOT.resolve("bin/flotilla").toString(), "join",
            "--token", token, "--advertise-addr", host.address(), "--label", label,
            "--data-dir", manager.dataDir.resolve("agent-" + host.name()).toString(), MANAGER + ":" + manager.apiPort),
        Map.of("FLOTILLA_JAVA_OPTS", "-Xmx192m"), java.nio.file.Path.of("target", "logs", "agent-" + host.name() + "-" + manager.apiPort + ".log").toAbsolutePath());
    agents.put(host.name(), agent);
  }

  @AfterEach
  void removeServices() {
    for (String service : services) {
      manager.cli("service", "rm", service);
    }
    FlotillaProcess.await(Duration.ofSeconds(60), "the services' containers to be gone",
        () -> services.stream().allMatch(s -> runningPerHost(s).values().stream().mapToInt(Integer::intValue).sum() == 0));
    services.clear();
    for (String network : networks) {
      manager.cli("network", "rm", network);
    }
    networks.clear();
  }

  @AfterAll
  void stop() throws Exception {
    if (manager != null) {
      manager.close();
    }
    if (testbed != null) {
      testbed.close();
    }
  }

  @Test
  void nineReplicas_spreadThreeOnEachHost() {
    create("spread9", "--replicas", "9");

    assertThat(runningPerHost("spread9")).containsOnly(
        Map.entry("fl-h1", 3), Map.entry("fl-h2", 3), Map.entry("fl-h3", 3));
    List<JsonNode> nodes = readyNodes();
    assertThat(nodes).hasSize(3).allSatisfy(n -> {
      assertThat(n.path("resources").path("cpus").asDouble()).isPositive();
      assertThat(n.path("resources").path("memoryBytes").asLong()).isPositive();
    });
  }

  @Test
  void killedHost_itsReplicasComeBackOnTheSurvivors_andItsReturnConverges() throws Exception {
    create("survive", "--replicas", "9");
    Testbed.Host victim = testbed.hosts().get(2);

    Instant killed = Instant.now();
    victim.kill();
    FlotillaProcess.await(Duration.ofSeconds(30), victim.name() + " DOWN", () -> nodeState(victim.name()).equals("DOWN"));
    Duration down = Duration.between(killed, Instant.now());
    FlotillaProcess.await(Duration.ofSeconds(60), "9 running on the survivors", () -> {
      Map<String, Integer> perHost = runningPerHost("survive");
      return perHost.getOrDefault("fl-h1", 0) + perHost.getOrDefault("fl-h2", 0) == 9;
    });
    Duration recovered = Duration.between(killed, Instant.now());
    System.out.printf("host kill: DOWN after %d ms, all 9 RUNNING again after %d ms%n", down.toMillis(), recovered.toMillis());
    assertThat(tasks("survive")).filteredOn(t -> t.path("state").asText().equals("ORPHANED")).hasSize(3)
        .allSatisfy(t -> assertThat(hostOf(t)).isEqualTo(victim.name()));

    victim.revive();
    startAgent(victim, "zone=b");
    FlotillaProcess.await(Duration.ofSeconds(60), victim.name() + " READY", () -> nodeState(victim.name()).equals("READY"));
    FlotillaProcess.await(Duration.ofSeconds(60), "exactly 9 running containers cluster-wide",
        () -> total(runningPerHost("survive")) == 9 && running("survive").size() == 9);
    Thread.sleep(3000);
    assertThat(total(runningPerHost("survive"))).isEqualTo(9);
  }

  @Test
  void partitionedHost_afterHealingNoSlotRunsTwice() throws Exception {
    create("split", "--replicas", "6");
    Testbed.Host cut = testbed.hosts().get(1);

    cut.partition();
    FlotillaProcess.await(Duration.ofSeconds(30), cut.name() + " DOWN", () -> nodeState(cut.name()).equals("DOWN"));
    FlotillaProcess.await(Duration.ofSeconds(60), "6 RUNNING tasks elsewhere", () -> running("split").size() == 6
        && running("split").stream().noneMatch(t -> hostOf(t).equals(cut.name())));
    Thread.sleep(Math.max(0, 10_000 - 3_000));
    Instant healed = Instant.now();
    cut.heal();

    FlotillaProcess.await(Duration.ofSeconds(60), "one running container per slot",
        () -> containersPerSlot("split").values().stream().allMatch(n -> n == 1) && total(runningPerHost("split")) == 6);
    System.out.printf("partition healed: stale containers gone after %d ms%n", Duration.between(healed, Instant.now()).toMillis());
    FlotillaProcess.await(Duration.ofSeconds(30), cut.name() + " READY again", () -> nodeState(cut.name()).equals("READY"));
    Thread.sleep(3000);
    assertThat(containersPerSlot("split").values()).allMatch(n -> n == 1).hasSize(6);
  }

  @Test
  void drainMovesTasksOff_andPauseTakesNoNewOnes() {
    create("drainme", "--replicas", "6");

    manager.cli("node", "update", "--availability", "drain", "fl-h1").orFail();
    FlotillaProcess.await(Duration.ofSeconds(60), "no containers on fl-h1 and 6 elsewhere",
        () -> runningPerHost("drainme").getOrDefault("fl-h1", 0) == 0 && total(runningPerHost("drainme")) == 6);

    manager.cli("node", "update", "--availability", "pause", "fl-h2").orFail();
    manager.cli("service", "scale", "drainme=9").orFail();
    assertThat(runningPerHost("drainme")).containsOnly(Map.entry("fl-h2", 3), Map.entry("fl-h3", 6));

    manager.cli("node", "update", "--availability", "active", "fl-h1").orFail();
    manager.cli("node", "update", "--availability", "active", "fl-h2").orFail();
  }

  @Test
  void constraintsPreferencesReservationsAndGlobalMode() {
    create("pinned", "--replicas", "3", "--constraint", "node.hostname==fl-h2");
    assertThat(runningPerHost("pinned")).containsOnly(Map.entry("fl-h2", 3));

    create("zoned", "--replicas", "4", "--placement-pref", "spread=node.labels.zone");
    Map<String, Integer> zoned = runningPerHost("zoned");
    assertThat(zoned.getOrDefault("fl-h1", 0) + zoned.getOrDefault("fl-h2", 0)).isEqualTo(2);
    assertThat(zoned.get("fl-h3")).isEqualTo(2);

    services.add("nowhere");
    manager.cli("service", "create", "-d", "--name", "nowhere", "--constraint", "node.labels.zone==c", Docker.WEB).orFail();
    FlotillaProcess.await(Duration.ofSeconds(10), "a PENDING reason", () -> tasks("nowhere").stream()
        .anyMatch(t -> t.path("message").asText().contains("node.labels.zone==c")));

    services.add("huge");
    manager.cli("service", "create", "-d", "--name", "huge", "--reserve-memory", "1000g", Docker.WEB).orFail();
    FlotillaProcess.await(Duration.ofSeconds(10), "a PENDING reason", () -> tasks("huge").stream()
        .anyMatch(t -> t.path("message").asText().contains("insufficient memory on 3 nodes")));

    create("everywhere", "--mode", "global");
    assertThat(runningPerHost("everywhere")).containsOnly(
        Map.entry("fl-h1", 1), Map.entry("fl-h2", 1), Map.entry("fl-h3", 1));
  }

  // ---- overlay networks

  @Test
  void overlayNetwork_servicesReachEachOtherByNameAcrossHosts_andOtherNetworksCannot() throws Exception {
    network("app");
    network("other");
    create("db", "--network", "app", "--constraint", "node.hostname==fl-h1");
    create("front", "--network", "app", "--constraint", "node.hostname==fl-h2");
    create("outsider", "--network", "other", "--constraint", "node.hostname==fl-h3");
    String dbAddress = address(running("db").get(0), "app");

    Shell.Result ping = inContainer("front", "ping", "-c", "1", "-W", "2", dbAddress);
    assertThat(ping.exitCode()).as("ping across hosts: %s %s", ping.out(), ping.err()).isZero();
    FlotillaProcess.await(Duration.ofSeconds(10), "front to fetch http://db/",
        () -> httpFromContainer("front", "db").out().contains("hello from flotilla-test/web"));

    Shell.Result fromOutside = httpFromContainer("outsider", dbAddress);
    assertThat(fromOutside.out()).as("a container on another network reaches db").doesNotContain("hello");
    assertThat(fromOutside.exitCode()).isNotZero();
    assertThat(inContainer("outsider", "ping", "-c", "1", "-W", "2", dbAddress).exitCode()).isNotZero();
    assertThat(inContainer("outsider", "nslookup", "db").out()).doesNotContain(dbAddress);
  }

  @Test
  void serviceDiscovery_tasksNameListsEveryTask_andAKilledTaskLeavesDns() throws Exception {
    network("disco");
    create("web", "--network", "disco", "--replicas", "3");
    create("probe", "--network", "disco", "--constraint", "node.hostname==fl-h1");
    List<String> addresses = running("web").stream().map(t -> address(t, "disco")).toList();
    assertThat(addresses).hasSize(3).doesNotContainNull();
    FlotillaProcess.await(Duration.ofSeconds(10), "tasks.web to list every task",
        () -> addresses.stream().allMatch(inContainer("probe", "nslookup", "tasks.web").out()::contains));
    assertThat(inContainer("probe", "nslookup", "web").out()).containsAnyOf(addresses.toArray(String[]::new));

    JsonNode victim = running("web").get(0);
    String victimAddress = address(victim, "disco");
    Testbed.Host host = hostNamed(hostOf(victim));
    host.docker("kill", victim.path("containerId").asText()).orFail();
    Instant killed = Instant.now();
    FlotillaProcess.await(Duration.ofSeconds(20), "the killed task to leave DNS",
        () -> !inContainer("probe", "nslookup", "tasks.web").out().contains(victimAddress));
    System.out.printf("service discovery: killed task gone from DNS after %d ms%n",
        Duration.between(killed, Instant.now()).toMillis());
  }

  @Test
  void routingMesh_answersOnEveryHost_andSkipsADeadHost() throws Exception {
    create("mesh", "--replicas", "2", "-p", "18080:80", "--constraint", "node.hostname!=fl-h3");
    for (Testbed.Host host : testbed.hosts()) {
      FlotillaProcess.await(Duration.ofSeconds(20), "port 18080 on " + host.name(),
          () -> httpGet(host.address(), 18080, "/").contains("hello from flotilla-test/web"));
    }
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      answered.add(httpGet(testbed.hosts().get(2).address(), 18080, "/name").trim());
    }
    assertThat(answered).as("both replicas answer through fl-h3, which runs none").hasSize(2);

    Testbed.Host victim = testbed.hosts().get(1);
    victim.kill();
    Instant killed = Instant.now();
    FlotillaProcess.await(Duration.ofSeconds(30), "new connections to succeed with fl-h2 dead", () -> {
      for (int i = 0; i < 5; i++) {
        if (!httpGet(testbed.hosts().get(2).address(), 18080, "/").contains("hello")) {
          return false;
        }
      }
      return true;
    });
    System.out.printf("routing mesh: new connections succeed %d ms after a task's host died%n",
        Duration.between(killed, Instant.now()).toMillis());
    victim.revive();
    startAgent(victim, "zone=a");
    FlotillaProcess.await(Duration.ofSeconds(60), victim.name() + " READY", () -> nodeState(victim.name()).equals("READY"));
  }

  @Test
  void removedNetworks_leaveNothingBehindOnAnyHost() throws Exception {
    network("gone");
    create("tmp", "--network", "gone", "--mode", "global", "-p", "18081:80");
    assertThat(overlayLeftovers()).isNotEmpty();

    assertThat(manager.cli("network", "rm", "gone").exitCode()).as("a network in use cannot go").isNotZero();
    manager.cli("service", "rm", "tmp").orFail();
    services.remove("tmp");
    manager.cli("network", "rm", "gone").orFail();
    networks.remove("gone");
    FlotillaProcess.await(Duration.ofSeconds(30), "no VXLAN, bridge or Docker network left",
        () -> overlayLeftovers().isEmpty());
  }

  private void network(String name) {
    networks.add(name);
    manager.cli("network", "create", name).orFail();
  }

  private static String address(JsonNode task, String network) {
    return task.path("addresses").path(network).asText(null);
  }

  private Testbed.Host hostNamed(String name) {
    return testbed.hosts().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
  }

  /** Runs a command in the (first) running container of a service, on whichever host runs it. */
  private Shell.Result inContainer(String service, String... command) {
    for (Testbed.Host host : testbed.hosts()) {
      List<String> ids = host.runningContainers("flotilla.service.name=" + service);
      if (!ids.isEmpty()) {
        List<String> args = new ArrayList<>(List.of("exec", ids.get(0)));
        args.addAll(List.of(command));
        return host.docker(args.toArray(String[]::new));
      }
    }
    throw new AssertionError("no running container of " + service);
  }

  /** GET / of {@code host} port 80 from a container of {@code service} (busybox's wget crashes here; nc does not). */
  private Shell.Result httpFromContainer(String service, String host) {
    return inContainer(service, "sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 " + host + " 80");
  }

  private static String httpGet(String host, int port, String path) {
    try {
      java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2)).build()
          .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + host + ":" + port + path))
              .timeout(Duration.ofSeconds(3)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      return response.body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Overlay interfaces and Flotilla's Docker networks on every host, one line each. */
  private List<String> overlayLeftovers() {
    List<String> left = new ArrayList<>();
    for (Testbed.Host host : testbed.hosts()) {
      host.exec("ip", "-o", "link", "show").out().lines()
          .filter(l -> l.matches("^\\d+: fl[vb]\\d+.*")).forEach(l -> left.add(host.name() + " " + l));
      host.docker("network", "ls", "--format", "{{.Name}}").out().lines()
          .filter(n -> n.startsWith("flotilla-")).forEach(n -> left.add(host.name() + " docker network " + n));
    }
    return left;
  }

  // ---- helpers

  private void create(String name, String... options) {
    services.add(name);
    List<String> args = new ArrayList<>(List.of("service", "create", "--name", name));
    args.addAll(List.of(options));
    args.add(Docker.WEB);
    manager.cli(args.toArray(String[]::new)).orFail();
  }

  private List<JsonNode> readyNodes() {
    try {
      List<JsonNode> ready = new ArrayList<>();
      manager.get("/v1/nodes").forEach(n -> {
        if (n.path("state").asText().equals("READY")) {
          ready.add(n);
        }
      });
      return ready;
    } catch (IOException e) {
      return List.of();
    }
  }

  private String nodeState(String hostname) {
    try {
      for (JsonNode n : manager.get("/v1/nodes")) {
        if (n.path("hostname").asText().equals(hostname)) {
          return n.path("state").asText();
        }
      }
    } catch (IOException e) {
      // not answering yet
    }
    return "";
  }

  private String hostOf(JsonNode task) {
    try {
      return manager.get("/v1/nodes/" + task.path("nodeId").asText()).path("hostname").asText();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private List<JsonNode> tasks(String service) {
    try {
      return manager.tasks(service);
    } catch (IOException e) {
      return List.of();
    }
  }

  private List<JsonNode> running(String service) {
    return tasks(service).stream().filter(t -> t.path("state").asText().equals("RUNNING")
        && t.path("desiredState").asText().equals("RUNNING")).toList();
  }

  /** What the engines really run, host by host (a killed host's engine counts as running nothing). */
  private Map<String, Integer> runningPerHost(String service) {
    Map<String, Integer> perHost = new HashMap<>();
    for (Testbed.Host host : testbed.hosts()) {
      Shell.Result ps = host.docker("ps", "-q", "--filter", "label=flotilla.service.name=" + service);
      int count = ps.exitCode() == 0 ? (int) ps.out().lines().filter(l -> !l.isBlank()).count() : 0;
      if (count > 0) {
        perHost.put(host.name(), count);
      }
    }
    return perHost;
  }

  private Map<String, Integer> containersPerSlot(String service) {
    Map<String, Integer> perSlot = new HashMap<>();
    for (Testbed.Host host : testbed.hosts()) {
      Shell.Result ps = host.docker("ps", "--filter", "label=flotilla.service.name=" + service,
          "--format", "{{.Label \"flotilla.task.slot\"}}");
      if (ps.exitCode() == 0) {
        ps.out().lines().filter(l -> !l.isBlank()).forEach(slot -> perSlot.merge(slot, 1, Integer::sum));
      }
    }
    return perSlot;
  }

  private static int total(Map<String, Integer> perHost) {
    return perHost.values().stream().mapToInt(Integer::intValue).sum();
  }
}
