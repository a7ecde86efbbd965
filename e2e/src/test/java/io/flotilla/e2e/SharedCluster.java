package io.flotilla.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.e2e.testbed.Testbed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The cluster every {@link MultiHostTestBase} class runs in: three worker hosts of the test bed
 * and a manager in the root namespace, started once for all those classes instead of once per
 * class. A class that finds it unhealthy (a host still dead, a node drained, a service left
 * over because the class before it failed midway) gets a fresh one, so a failure stays in its
 * class. It ends with the test run, or earlier when another test starts a test bed of its own.
 */
final class SharedCluster implements AutoCloseable {
  static final String MANAGER = "10.77.0.1";
  /** Each host's label: zones a, a, b, which placement-preference tests spread over. */
  private static final Map<String, String> ZONES = Map.of("fl-h1", "a", "fl-h2", "a", "fl-h3", "b");
  private static SharedCluster current;

  final Testbed testbed;
  final FlotillaProcess manager;
  final String joinToken;

  private SharedCluster(Testbed testbed, FlotillaProcess manager, String joinToken) {
    this.testbed = testbed;
    this.manager = manager;
    this.joinToken = joinToken;
  }

  /**
   * The running cluster when it is as a class expects to find it (after removing what the last
   * class left: a stack, a service, a network still in use when it tried), else a new one.
   */
  static synchronized SharedCluster get() throws Exception {
    if (current != null) {
      current.tidy();
      String unhealthy = current.unhealthy();
      if (unhealthy != null) {
        System.err.println("the shared multi-host cluster is not as a class expects it (" + unhealthy
            + "); starting a new one");
        closeCurrent();
      }
    }
    if (current == null) {
      current = start();
    }
    return current;
  }

  static synchronized void closeCurrent() throws Exception {
    SharedCluster closing = current;
    current = null;
    if (closing != null) {
      closing.close();
    }
  }

  private static SharedCluster start() throws Exception {
    Docker.buildTestImages();
    Testbed testbed = Testbed.start(3);
    testbed.releaseOnDemand(() -> {
      try {
        closeCurrent();
      } catch (Exception e) {
        throw new IllegalStateException("closing the shared cluster failed", e);
      }
    });
    FlotillaProcess manager = null;
    try {
      manager = new FlotillaProcess();
      manager.init(MANAGER, "--no-agent", "--api-host", "0.0.0.0");
      String token = manager.cli("join-token", "worker", "-q").orFail().out().trim();
      // After the manager: bin/flotilla has rebuilt the jar if it was stale, so both run the same one.
      AgentContainer.buildImage();
      testbed.loadImages(AgentContainer.IMAGE);
      SharedCluster cluster = new SharedCluster(testbed, manager, token);
      for (Testbed.Host host : testbed.hosts()) {
        cluster.startAgent(host);
      }
      // Three agent JVMs start at once, in containers, on a 2-core machine.
      FlotillaProcess.await(Duration.ofSeconds(150), "3 READY nodes", () -> cluster.readyActiveNodes() == 3);
      return cluster;
    } catch (Exception | Error e) {
      if (manager != null) {
        manager.close();
      }
      testbed.close();
      throw e;
    }
  }

  /**
   * Makes sure the agent container of {@code host} runs, creating it with a join to the manager
   * and the host's label the first time; a revived host's engine may have restarted it already.
   */
  void startAgent(Testbed.Host host) throws IOException {
    Path dataDir = manager.dataDir.resolve("agent-" + host.name());
    AgentContainer.ensureRunning(host, dataDir, secretsDir(host),
        Path.of("target", "logs", "agent-" + host.name() + "-" + manager.apiPort + ".log").toAbsolutePath(),
        "-Xmx192m", List.of("join", "--token", joinToken, "--advertise-addr", host.address(),
            "--label", "zone=" + ZONES.get(host.name()), "--data-dir", dataDir.toString(),
            "--secrets-dir", secretsDir(host).toString(), MANAGER + ":" + manager.apiPort));
  }

  /**
   * Where the agent of {@code host} writes its tasks' secrets and configs: on the machine's tmpfs,
   * one directory per host, since the hosts of the test bed share one filesystem.
   */
  Path secretsDir(Testbed.Host host) {
    return Path.of("/dev/shm", "flotilla-e2e-" + manager.apiPort + "-" + host.name());
  }

  /** Removes the stacks, services and networks the last class left, and waits for their containers to go. */
  private void tidy() {
    try {
      List<String> left = new java.util.ArrayList<>();
      manager.get("/v1/stacks").forEach(stack -> left.add("stack " + stack.path("name").asText()));
      manager.get("/v1/services").forEach(service -> left.add("service " + service.path("spec").path("name").asText()));
      manager.get("/v1/networks").forEach(network -> left.add("network " + network.path("spec").path("name").asText()));
      for (String kind : List.of("secret", "config")) {
        manager.get("/v1/" + kind + "s").forEach(o -> left.add(kind + " " + o.path("name").asText()));
      }
      if (left.isEmpty()) {
        return;
      }
      System.err.println("removing what the last class left in the shared cluster: " + String.join(", ", left));
      manager.get("/v1/stacks").forEach(stack -> manager.cli("stack", "rm", stack.path("name").asText()));
      manager.get("/v1/services").forEach(service -> manager.cli("service", "rm", service.path("id").asText()));
      FlotillaProcess.await(Duration.ofSeconds(60), "the task containers to be gone", () -> testbed.hosts().stream()
          .allMatch(host -> host.runningContainers("flotilla.task.id").isEmpty()));
      for (String kind : List.of("secret", "config")) {
        manager.get("/v1/" + kind + "s").forEach(o -> manager.cli(kind, "rm", o.path("id").asText()));
      }
      FlotillaProcess.await(Duration.ofSeconds(30), "the networks to be removed", () -> {
        try {
          manager.get("/v1/networks").forEach(network -> manager.cli("network", "rm", network.path("id").asText()));
          return manager.get("/v1/networks").isEmpty();
        } catch (IOException e) {
          return false;
        }
      });
    } catch (IOException | RuntimeException | Error e) {
      System.err.println("could not tidy the shared cluster: " + e.getMessage());
    }
  }

  /** Why the cluster is not as a class expects it, or null: every node READY, active, with its label, nothing left. */
  private String unhealthy() {
    try {
      if (readyActiveNodes() != 3) {
        return "not every node READY, active and labelled: " + manager.get("/v1/nodes");
      }
      if (!manager.get("/v1/services").isEmpty() || !manager.get("/v1/networks").isEmpty()) {
        return "services or networks left";
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return "the manager does not answer: " + e.getMessage();
    }
  }

  private int readyActiveNodes() {
    try {
      int count = 0;
      for (JsonNode node : manager.get("/v1/nodes")) {
        String zone = ZONES.get(node.path("hostname").asText());
        if (node.path("state").asText().equals("READY") && node.path("availability").asText().equals("active")
            && zone != null && zone.equals(node.path("labels").path("zone").asText())) {
          count++;
        }
      }
      return count;
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      manager.close();
    } finally {
      testbed.close();
      for (Testbed.Host host : testbed.hosts()) {
        Shell.run("rm", "-rf", secretsDir(host).toString());
      }
    }
  }
}
