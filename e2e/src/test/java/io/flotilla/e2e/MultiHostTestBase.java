package io.flotilla.e2e;


import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.e2e.testbed.Testbed;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fixture of the multi-host tests: three worker hosts (network namespaces, each with its
 * own dockerd and agent) and a manager in the root namespace, on the testbed, shared by every
 * class that extends this one ({@link SharedCluster}); services and networks a test makes are
 * removed after it, and a test that kills or cuts a host brings it back. Hosts really die and
 * get partitioned. Each agent runs from the agent image, as a container on its host's engine
 * ({@link AgentContainer}), as in production.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(MultiHostTestBase.CloseAtEnd.class)
abstract class MultiHostTestBase {
  static final String MANAGER = SharedCluster.MANAGER;
  private SharedCluster cluster;
  protected Testbed testbed;
  protected FlotillaProcess manager;
  protected String token;
  protected final List<String> services = new ArrayList<>();
  protected final List<String> networks = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    cluster = SharedCluster.get();
    testbed = cluster.testbed;
    manager = cluster.manager;
    token = cluster.joinToken;
  }

  /** Where the agent of {@code host} writes its tasks' secrets and configs (a tmpfs). */
  protected java.nio.file.Path secretsDir(Testbed.Host host) {
    return cluster.secretsDir(host);
  }

  /** Starts the agent of a host again, after the test revived it. */
  protected void restartAgent(Testbed.Host host) throws IOException {
    cluster.startAgent(host);
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

  /** Closes the shared cluster once, when the whole test run ends. */
  static final class CloseAtEnd implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      context.getRoot().getStore(ExtensionContext.Namespace.create(SharedCluster.class))
          .getOrComputeIfAbsent("closer", key -> (AutoCloseable) SharedCluster::closeCurrent);
    }
  }

  protected void network(String name) {
    networks.add(name);
    manager.cli("network", "create", name).orFail();
  }

  protected static String address(JsonNode task, String network) {
    return task.path("addresses").path(network).asText(null);
  }

  protected Testbed.Host hostNamed(String name) {
    return testbed.hosts().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
  }

  /** Runs a command in the (first) running container of a service, on whichever host runs it. */
  protected Shell.Result inContainer(String service, String... command) {
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
  protected Shell.Result httpFromContainer(String service, String host) {
    return inContainer(service, "sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 " + host + " 80");
  }

  protected static String httpGet(String host, int port, String path) {
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
  protected List<String> overlayLeftovers() {
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

  protected void create(String name, String... options) {
    services.add(name);
    List<String> args = new ArrayList<>(List.of("service", "create", "--name", name));
    args.addAll(List.of(options));
    args.add(Docker.WEB);
    manager.cli(args.toArray(String[]::new)).orFail();
  }

  protected List<JsonNode> readyNodes() {
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

  protected String nodeState(String hostname) {
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

  protected String hostOf(JsonNode task) {
    try {
      return manager.get("/v1/nodes/" + task.path("nodeId").asText()).path("hostname").asText();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  protected List<JsonNode> tasks(String service) {
    try {
      return manager.tasks(service);
    } catch (IOException e) {
      return List.of();
    }
  }

  protected List<JsonNode> running(String service) {
    return tasks(service).stream().filter(t -> t.path("state").asText().equals("RUNNING")
        && t.path("desiredState").asText().equals("RUNNING")).toList();
  }

  /** What the engines really run, host by host (a killed host's engine counts as running nothing). */
  protected Map<String, Integer> runningPerHost(String service) {
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

  protected Map<String, Integer> containersPerSlot(String service) {
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

  protected static int total(Map<String, Integer> perHost) {
    return perHost.values().stream().mapToInt(Integer::intValue).sum();
  }
}
