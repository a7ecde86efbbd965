package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.e2e.testbed.Testbed;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A cluster of three worker hosts (network namespaces, each with its own dockerd and agent)
 * and a manager in the root namespace, on the testbed. Hosts really die and get partitioned.
 */
/** Overlay networks across hosts: reach by name and IP, isolation, service discovery, the routing mesh, cleanup. */
class OverlayNetworkIT extends MultiHostTestBase {

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
    restartAgent(victim);
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
}
