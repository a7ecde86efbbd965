package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.e2e.testbed.Testbed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three managers and a worker, each on its own testbed host: the leader's host dies, or is cut
 * off, or every manager is killed at once, while services keep running and writes keep coming.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagerFailoverIT {
  private ManagerCluster cluster;

  @BeforeAll
  void start() throws Exception {
    cluster = ManagerCluster.start(4, 3);
  }

  /** Whatever the last test left dead or cut off comes back first. */
  @org.junit.jupiter.api.BeforeEach
  void whole() throws Exception {
    cluster.restore();
    FlotillaProcess.await(Duration.ofSeconds(90), "every manager up, with a leader",
        () -> cluster.managerHosts().stream().allMatch(cluster::healthy));
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private Testbed.Host anyManager() {
    return cluster.managerHosts().stream().filter(cluster::healthy).findFirst()
        .orElseThrow(() -> new AssertionError("no manager answers"));
  }

  private Testbed.Host leader() {
    Testbed.Host[] found = new Testbed.Host[1];
    FlotillaProcess.await(Duration.ofSeconds(30), "a leader", () -> {
      found[0] = cluster.managerHosts().stream().filter(cluster::healthy).findFirst()
          .flatMap(cluster::leader).orElse(null);
      return found[0] != null;
    });
    return found[0];
  }

  private static String spec(String name, int replicas) {
    return "{\"name\":\"" + name + "\",\"image\":\"" + Docker.WEB + "\",\"replicas\":" + replicas + "}";
  }

  private void createAndAwait(String name, int replicas) {
    Testbed.Host via = anyManager();
    assertThat(cluster.post(via, "/v1/services", spec(name, replicas), Duration.ofSeconds(10)).status())
        .isEqualTo(201);
    FlotillaProcess.await(Duration.ofSeconds(60), replicas + " containers of " + name,
        () -> cluster.runningContainers(name) == replicas);
  }

  /**
   * Creates services in a loop, first through {@code first}, then, once it stops answering,
   * through the others in turn, until told to stop; remembers what was acknowledged and when.
   */
  private final class Writer extends Thread {
    final List<String> acknowledged = new CopyOnWriteArrayList<>();
    final List<Instant> acknowledgedAt = new CopyOnWriteArrayList<>();
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicReference<Testbed.Host> target;
    private final String prefix;

    Writer(String prefix, Testbed.Host first) {
      this.prefix = prefix;
      this.target = new AtomicReference<>(first);
    }

    @Override
    public void run() {
      int i = 0;
      List<Testbed.Host> managers = cluster.managerHosts();
      while (!stop.get()) {
        String name = prefix + i++;
        ManagerCluster.Response response = cluster.post(target.get(), "/v1/services", spec(name, 0),
            Duration.ofSeconds(4));
        if (response.status() == 201) {
          acknowledged.add(name);
          acknowledgedAt.add(Instant.now());
        } else {
          target.set(managers.get((managers.indexOf(target.get()) + 1) % managers.size()));
        }
        sleepQuietly(100);
      }
    }

    void finish() throws InterruptedException {
      stop.set(true);
      join(10_000);
    }

    Optional<Instant> firstAcknowledgedAfter(Instant moment) {
      return acknowledgedAt.stream().filter(t -> t.isAfter(moment)).findFirst();
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code method path} on {@code host}'s API (a POST sends an empty object), with {@code token} unless null. */
  private java.net.http.HttpResponse<String> call(Testbed.Host host, String method, String path, String token) {
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(cluster.url(host) + path))
        .method(method, method.equals("POST") ? java.net.http.HttpRequest.BodyPublishers.ofString("{}")
            : java.net.http.HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    try {
      return cluster.send(request, Duration.ofSeconds(3));
    } catch (java.io.IOException e) {
      throw new AssertionError(host.name() + " did not answer " + method + " " + path, e);
    }
  }

  @Test
  @Order(0)
  void apiTokens_byRole_onEveryManager_andARemovedOneIsRefusedByEveryManagerWithinASecond() {
    for (Testbed.Host manager : cluster.managerHosts()) {
      for (String path : List.of("/v1/services", "/v1/cluster/join-tokens", "/v1/tokens")) {
        var anonymous = call(manager, "GET", path, null);
        assertThat(anonymous.statusCode()).as(manager.name() + " " + path).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("www-authenticate")).hasValueSatisfying(
            v -> assertThat(v).startsWith("Bearer"));
        assertThat(anonymous.body()).contains("\"error\"");
      }
      assertThat(call(manager, "GET", "/health", null).statusCode()).isEqualTo(200);
    }
    Testbed.Host first = cluster.testbed.host(1);
    String readonly = cluster.cli(first, "token", "create", "--role", "readonly", "ci").orFail().out().trim();
    assertThat(readonly).startsWith("FLTAPI-1-");

    for (Testbed.Host manager : cluster.managerHosts()) {
      FlotillaProcess.await(Duration.ofSeconds(5), manager.name() + " to know the readonly token",
          () -> call(manager, "GET", "/v1/services", readonly).statusCode() == 200);
      assertThat(call(manager, "POST", "/v1/services", readonly).statusCode()).isEqualTo(403);
      assertThat(call(manager, "GET", "/v1/cluster/join-tokens", readonly).statusCode()).isEqualTo(403);
      assertThat(call(manager, "GET", "/v1/tokens", readonly).statusCode()).isEqualTo(403);
      assertThat(call(manager, "GET", "/v1/cluster/join-tokens", cluster.adminToken().orElseThrow()).statusCode())
          .isEqualTo(200);
    }
    Shell.Result refused = cluster.cli(first, "service", "create", "--token", readonly, "--name", "nope", Docker.WEB);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("readonly").contains("pass an admin token with --token or FLOTILLA_TOKEN");
    String listed = cluster.cli(cluster.managerHosts().get(1), "token", "ls").orFail().out();
    assertThat(listed.lines().skip(1).map(l -> l.split("\\s+")[0] + " " + l.split("\\s+")[1]))
        .containsExactly("admin admin", "ci readonly");
    assertThat(listed).doesNotContain("FLTAPI");

    cluster.cli(first, "token", "rm", "ci").orFail();
    Instant removed = Instant.now();
    Map<String, Duration> refusedAfter = new java.util.TreeMap<>();
    try {
      FlotillaProcess.await(Duration.ofSeconds(1), "every manager to refuse the removed token", () -> {
        for (Testbed.Host manager : cluster.managerHosts()) {
          if (!refusedAfter.containsKey(manager.name())
              && call(manager, "GET", "/v1/services", readonly).statusCode() == 401) {
            refusedAfter.put(manager.name(), Duration.between(removed, Instant.now()));
          }
        }
        return refusedAfter.size() == cluster.managers;
      });
    } finally {
      refusedAfter.forEach((manager, after) -> System.out.println("the removed token was refused by " + manager
          + " " + after.toMillis() + " ms after 'token rm' returned"));
    }
  }

  @Test
  @Order(1)
  void theLeadersHostDies_aSurvivorTakesWrites_nothingAcknowledgedIsLost_andTheManagerCatchesUpWhenBack()
      throws Exception {
    createAndAwait("steady", 4);
    Testbed.Host dead = leader();
    Writer writer = new Writer("kill", dead);
    writer.start();
    FlotillaProcess.await(Duration.ofSeconds(30), "writes through the leader", () -> writer.acknowledged.size() >= 5);

    Instant killedAt = Instant.now();
    cluster.kill(dead);
    FlotillaProcess.await(Duration.ofSeconds(30), "a write accepted by a survivor",
        () -> writer.firstAcknowledgedAfter(killedAt).isPresent());
    FlotillaProcess.await(Duration.ofSeconds(30), "more writes", () -> writer.acknowledged.size() >= 25);
    writer.finish();
    long failoverMs = Duration.between(killedAt, writer.firstAcknowledgedAfter(killedAt).orElseThrow()).toMillis();
    System.out.println("leader host killed: a survivor accepted a write " + failoverMs + " ms later");

    Testbed.Host survivor = anyManager();
    assertThat(survivor).isNotEqualTo(dead);
    assertThat(cluster.serviceNames(survivor)).containsAll(writer.acknowledged);
    FlotillaProcess.await(Duration.ofSeconds(60), "the dead host's tasks running elsewhere",
        () -> cluster.runningContainers("steady") == 4);

    cluster.revive(dead);
    FlotillaProcess.await(Duration.ofSeconds(90), "the revived manager serving the cluster's state",
        () -> cluster.healthy(dead) && cluster.serviceNames(dead).equals(cluster.serviceNames(survivor)));
    FlotillaProcess.await(Duration.ofSeconds(60), "exactly the desired containers",
        () -> cluster.runningContainers("steady") == 4);
  }

  @Test
  @Order(2)
  void theLeaderIsCutOff_theMajorityElectsAnother_theIsolatedOneCommitsNothing() throws Exception {
    Testbed.Host isolated = leader();
    List<Testbed.Host> majority = cluster.managerHosts().stream().filter(h -> h != isolated).toList();
    Writer writer = new Writer("cut", majority.get(0));

    Instant cutAt = Instant.now();
    cluster.partition(isolated);
    writer.start();
    ManagerCluster.Response refused = cluster.postFromInside(isolated, "/v1/services", spec("refused", 1),
        Duration.ofSeconds(10));
    FlotillaProcess.await(Duration.ofSeconds(30), "a write accepted by the majority",
        () -> writer.firstAcknowledgedAfter(cutAt).isPresent());
    long failoverMs = Duration.between(cutAt, writer.firstAcknowledgedAfter(cutAt).orElseThrow()).toMillis();
    System.out.println("leader cut off: the majority accepted a write " + failoverMs + " ms later");

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.body()).contains("no quorum");
    assertThat(cluster.healthFromInside(isolated).map(h -> h.path("status").asText())).contains("unavailable");

    Thread.sleep(Math.max(0, 15_000 - Duration.between(cutAt, Instant.now()).toMillis()));
    cluster.heal(isolated);
    writer.finish();

    FlotillaProcess.await(Duration.ofSeconds(60), "one leader, the same for every manager", () -> {
      Map<String, String> seen = cluster.leaderAsSeenBy(cluster.managerHosts());
      return seen.size() == 3 && new HashSet<>(seen.values()).size() == 1 && !seen.containsValue("");
    });
    assertThat(leaderCount()).isEqualTo(1);
    FlotillaProcess.await(Duration.ofSeconds(30), "the isolated manager caught up",
        () -> cluster.serviceNames(isolated).equals(cluster.serviceNames(majority.get(0))));
    assertThat(cluster.serviceNames(isolated)).doesNotContain("refused").containsAll(writer.acknowledged);
    FlotillaProcess.await(Duration.ofSeconds(60), "exactly the desired containers",
        () -> cluster.runningContainers("steady") == 4 && cluster.runningContainers("refused") == 0);
  }

  /** How many managers say of themselves that they lead. */
  private long leaderCount() {
    Set<String> leaders = new HashSet<>();
    for (Testbed.Host host : cluster.managerHosts()) {
      cluster.get(host, "/v1/nodes").ifPresent(nodes -> nodes.forEach(n -> {
        if (n.path("managerStatus").path("leader").asBoolean()) {
          leaders.add(n.path("hostname").asText());
        }
      }));
    }
    return leaders.size();
  }

  @Test
  @Order(3)
  void everyManagerKilledAndRestarted_keepsEverything_andAdoptsTheRunningContainers() throws Exception {
    createAndAwait("adopted", 3);
    FlotillaProcess.await(Duration.ofSeconds(30), "every manager holding the same services", () -> cluster
        .managerHosts().stream().map(cluster::serviceNames).distinct().count() == 1);
    List<String> services = cluster.serviceNames(anyManager());
    List<String> containers = cluster.allContainers();

    for (Testbed.Host manager : cluster.managerHosts()) {
      cluster.killProcess(manager);
    }
    for (Testbed.Host manager : new ArrayList<>(cluster.managerHosts())) {
      cluster.startProcess(manager);
    }
    FlotillaProcess.await(Duration.ofSeconds(90), "the managers back with a leader",
        () -> cluster.managerHosts().stream().allMatch(cluster::healthy));

    Testbed.Host via = anyManager();
    try {
      FlotillaProcess.await(Duration.ofSeconds(30), "every manager serving every service again",
          () -> cluster.managerHosts().stream().allMatch(m -> cluster.serviceNames(m).equals(services)));
    } catch (AssertionError e) {
      for (Testbed.Host m : cluster.managerHosts()) {
        List<String> names = cluster.serviceNames(m);
        System.out.println(m.name() + ": " + names.size() + " services (expected " + services.size() + "), missing "
            + services.stream().filter(n -> !names.contains(n)).toList() + ", extra "
            + names.stream().filter(n -> !services.contains(n)).toList() + "; health " + cluster.health(m));
      }
      throw e;
    }
    FlotillaProcess.await(Duration.ofSeconds(60), "every node READY again",
        () -> cluster.readyNodes(via) == cluster.testbed.hosts().size());
    // Proof that the agents were heard from again, then that nothing was started or stopped.
    assertThat(cluster.allContainers()).isEqualTo(containers);
    assertThat(cluster.runningContainers("adopted")).isEqualTo(3);
    assertThat(cluster.runningContainers("steady")).isEqualTo(4);
  }

  private int managersSeenBy(Testbed.Host host) {
    return cluster.health(host).map(h -> h.path("managers").asInt()).orElse(0);
  }

  private String roleOf(Testbed.Host via, String hostname) {
    return cluster.get(via, "/v1/nodes/" + hostname).map(n -> n.path("role").asText()).orElse("");
  }

  /**
   * For about two minutes, managers' hosts are killed (and brought back), cut off (and healed)
   * at random, at most two at a time, while a client writes through whichever manager answers.
   */
  @Test
  @Order(4)
  void underANemesis_noAcknowledgedWriteIsLost_andNoTermHasTwoLeaders() throws Exception {
    java.util.Random random = new java.util.Random(Long.getLong("flotilla.nemesis.seed", System.nanoTime()));
    List<Testbed.Host> managers = cluster.managerHosts();
    Writer writer = new Writer("nemesis", managers.get(0));
    writer.start();
    Instant end = Instant.now().plusSeconds(Long.getLong("flotilla.nemesis.seconds", 120));
    int faults = 0;
    while (Instant.now().isBefore(end)) {
      Testbed.Host victim = managers.get(random.nextInt(managers.size()));
      long down = managers.stream().filter(cluster::isDown).count();
      if (cluster.isDown(victim)) {
        cluster.restore();
      } else if (down < 2) {
        faults++;
        if (random.nextBoolean()) {
          cluster.kill(victim);
        } else {
          cluster.partition(victim);
        }
      }
      Thread.sleep(2_000 + random.nextInt(6_000));
    }
    cluster.restore();
    FlotillaProcess.await(Duration.ofSeconds(90), "every manager back, with one leader", () -> {
      Map<String, String> seen = cluster.leaderAsSeenBy(managers);
      return managers.stream().allMatch(cluster::healthy) && new HashSet<>(seen.values()).size() == 1;
    });
    writer.finish();
    System.out.println("nemesis: " + faults + " faults, " + writer.acknowledged.size() + " writes acknowledged");
    assertThat(writer.acknowledged).isNotEmpty();

    for (Testbed.Host manager : managers) {
      FlotillaProcess.await(Duration.ofSeconds(30), manager.name() + " holding every acknowledged write",
          () -> cluster.serviceNames(manager).containsAll(writer.acknowledged));
    }
    assertThat(leadersByTerm().entrySet()).allSatisfy(term -> assertThat(term.getValue())
        .as("leaders of term %s", term.getKey()).hasSize(1));
    FlotillaProcess.await(Duration.ofSeconds(60), "exactly the desired containers",
        () -> cluster.runningContainers("steady") == 4 && cluster.runningContainers("adopted") == 3);
    // Recovered means the worker too is heard from again by the new leader (the next test promotes it).
    FlotillaProcess.await(Duration.ofSeconds(60), "every node READY after the failovers",
        () -> cluster.readyNodes(leader()) == cluster.testbed.hosts().size());
  }

  /** Who each manager's log says took the lead, term by term, over the whole run. */
  private Map<Long, Set<String>> leadersByTerm() throws java.io.IOException {
    java.util.regex.Pattern leads = java.util.regex.Pattern.compile(
        "manager (\\S+) leads the cluster \\(term (\\d+)\\)");
    Map<Long, Set<String>> leaders = new java.util.TreeMap<>();
    for (Testbed.Host host : cluster.testbed.hosts()) {
      java.nio.file.Path log = cluster.logOf(host);
      if (!java.nio.file.Files.exists(log)) {
        continue;
      }
      for (String line : java.nio.file.Files.readAllLines(log)) {
        java.util.regex.Matcher m = leads.matcher(line);
        if (m.find()) {
          leaders.computeIfAbsent(Long.parseLong(m.group(2)), t -> new HashSet<>()).add(m.group(1));
        }
      }
    }
    assertThat(leaders).isNotEmpty();
    return leaders;
  }

  @Test
  @Order(5)
  void promoteDemoteAndRemove_changeTheGroup_butNeverSoItLosesItsMajority() throws Exception {
    Testbed.Host first = cluster.testbed.host(1);
    Testbed.Host second = cluster.testbed.host(2);
    Testbed.Host third = cluster.testbed.host(3);
    Testbed.Host worker = cluster.testbed.host(4);

    Shell.Result promoted = cluster.cli(first, "node", "promote", worker.name());
    assertThat(promoted.orFail().out()).contains("Node " + worker.name() + " promoted to a manager");
    FlotillaProcess.await(Duration.ofSeconds(60), "the promoted node serving the API as the 4th manager",
        () -> cluster.healthy(worker) && managersSeenBy(worker) == 4);
    assertThat(roleOf(first, worker.name())).isEqualTo("manager");
    assertThat(cluster.cli(first, "node", "ls").orFail().out()).contains("Leader").contains("Reachable");

    cluster.cli(first, "node", "demote", worker.name()).orFail();
    FlotillaProcess.await(Duration.ofSeconds(30), "3 managers again, the demoted node's API gone",
        () -> managersSeenBy(first) == 3 && cluster.health(worker).isEmpty());
    assertThat(roleOf(first, worker.name())).isEqualTo("worker");

    cluster.kill(third);
    FlotillaProcess.await(Duration.ofSeconds(30), "the dead manager unreachable", () -> cluster.get(first,
        "/v1/nodes/" + third.name()).map(n -> n.path("managerStatus").path("reachability").asText()
        .equals("unreachable")).orElse(false));
    Shell.Result refused = cluster.cli(first, "node", "demote", second.name());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("cannot demote: without node " + second.name()
        + " the cluster would have 2 managers of which only 1 answer");
    assertThat(managersSeenBy(first)).isEqualTo(3);

    FlotillaProcess.await(Duration.ofSeconds(30), "the dead host DOWN", () -> cluster.get(first,
        "/v1/nodes/" + third.name()).map(n -> n.path("state").asText().equals("DOWN")).orElse(false));
    cluster.cli(first, "node", "rm", third.name()).orFail();
    FlotillaProcess.await(Duration.ofSeconds(30), "2 managers", () -> managersSeenBy(first) == 2);
    assertThat(cluster.get(first, "/v1/nodes/" + third.name())).isEmpty();
    assertThat(cluster.post(first, "/v1/services", spec("after-rm", 0), Duration.ofSeconds(10)).status())
        .isEqualTo(201);

    cluster.cli(first, "node", "demote", second.name()).orFail();
    FlotillaProcess.await(Duration.ofSeconds(30), "1 manager", () -> managersSeenBy(first) == 1);
    Shell.Result last = cluster.cli(first, "node", "demote", first.name());
    assertThat(last.exitCode()).isEqualTo(1);
    assertThat(last.err()).contains("cannot demote: node " + first.name() + " is the last manager");
    assertThat(cluster.post(first, "/v1/services", spec("one-manager", 0), Duration.ofSeconds(10)).status())
        .isEqualTo(201);
  }
}
