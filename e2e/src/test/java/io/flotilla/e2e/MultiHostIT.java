package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.e2e.testbed.Testbed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cluster of three worker hosts (network namespaces, each with its own dockerd and agent)
 * and a manager in the root namespace, on the testbed. Hosts really die and get partitioned.
 */
/** Failure handling and scheduling across hosts: spread, host death, partitions, drain, placement. */
class MultiHostIT extends MultiHostTestBase {
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
  void theManagerKilledAndRestarted_adoptsEveryContainer_andNoNodeGoesDown() throws Exception {
    create("adopt6", "--replicas", "6");
    List<String> before = containerIds("adopt6");
    assertThat(before).hasSize(6);

    manager.kill9();
    Instant restarted = Instant.now();
    manager.init(MANAGER, "--no-agent", "--api-host", "0.0.0.0");
    Duration apiReady = Duration.between(restarted, Instant.now());
    FlotillaProcess.await(Duration.ofSeconds(30), "3 READY nodes and 6 RUNNING tasks",
        () -> readyNodes().size() == 3 && running("adopt6").size() == 6);
    Duration converged = Duration.between(restarted, Instant.now());
    System.out.printf("manager kill -9 and restart: API ready after %d ms, every node READY and the same 6 tasks "
        + "RUNNING after %d ms%n", apiReady.toMillis(), converged.toMillis());

    // Longer than a node takes to be declared DOWN: every agent stays in touch with the new
    // manager process, and nothing is started or stopped.
    Instant watchUntil = Instant.now().plusSeconds(5);
    while (Instant.now().isBefore(watchUntil)) {
      assertThat(readyNodes()).hasSize(3);
      assertThat(containerIds("adopt6")).isEqualTo(before);
      Thread.sleep(250);
    }
  }

  @Test
  void theAgentContainerRestarted_adoptsItsTasks_whichKeepRunning() throws Exception {
    create("adopted", "--replicas", "6");
    Testbed.Host host = testbed.host(1);
    List<String> before = containerIds("adopted");
    List<String> onHost = host.runningContainers("flotilla.service.name=adopted");
    assertThat(onHost).hasSize(2);
    Map<String, String> taskContainers = runningTaskContainers("adopted");
    String agent = AgentContainer.id(host);
    String startedBefore = AgentContainer.startedAndRunning(host);

    Instant restarted = Instant.now();
    host.docker("restart", AgentContainer.NAME).orFail();
    String startedAfter = AgentContainer.startedAndRunning(host);
    assertThat(startedAfter).as("a new start of the same container").isNotEqualTo(startedBefore).endsWith(" true");
    assertThat(AgentContainer.id(host)).isEqualTo(agent);
    FlotillaProcess.await(Duration.ofSeconds(60), host.name() + " READY", () -> nodeState(host.name()).equals("READY"));
    // Proof that the restarted agent works its tasks again: it starts the one a scale-up gives its node.
    manager.cli("service", "scale", "adopted=9").orFail();
    System.out.printf("agent container restart: node READY and a new task RUNNING after %d ms%n",
        Duration.between(restarted, Instant.now()).toMillis());

    assertThat(runningPerHost("adopted")).containsEntry(host.name(), 3);
    assertThat(containerIds("adopted")).hasSize(9).containsAll(before);
    assertThat(containersPerSlot("adopted").values()).hasSize(9).allMatch(n -> n == 1);
    assertThat(host.docker("ps", "-aq", "--filter", "label=flotilla.service.name=adopted").orFail().out().lines())
        .as("no container of the service made and dropped on " + host.name()).hasSize(3);
    assertThat(runningTaskContainers("adopted")).as("the same tasks, RUNNING in the same containers")
        .containsAllEntriesOf(taskContainers);
    assertThat(AgentContainer.startedAndRunning(host)).as("the agent leaves its own container alone")
        .isEqualTo(startedAfter);
    assertThat(host.docker("inspect", "-f", "{{.RestartCount}}", AgentContainer.NAME).orFail().out().strip()).isEqualTo("0");
  }

  /** RUNNING task id → its container id. */
  private Map<String, String> runningTaskContainers(String service) {
    Map<String, String> byTask = new java.util.TreeMap<>();
    running(service).forEach(t -> byTask.put(t.path("id").asText(), t.path("containerId").asText()));
    return byTask;
  }

  private List<String> containerIds(String service) {
    List<String> ids = new java.util.ArrayList<>();
    for (Testbed.Host host : testbed.hosts()) {
      ids.addAll(host.runningContainers("flotilla.service.name=" + service));
    }
    return ids.stream().sorted().toList();
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
    restartAgent(victim);
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
}
