package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Placement constraints and node management on the all-in-one cluster (one node): labels,
 * pause, drain and removal, through bin/flotilla and the HTTP API. The tests share the node,
 * so they run in order and each leaves it active and without labels.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeManagementIT extends AllInOneTestBase {
  private static final List<String> SERVICES = List.of("zoned", "drainme", "pauseme", "rejoin");
  private static final ObjectMapper JSON = new ObjectMapper();
  private String node;

  @Override
  protected List<String> services() {
    return SERVICES;
  }

  @BeforeAll
  void findTheNode() throws IOException {
    node = flotilla.get("/v1/nodes").get(0).path("hostname").asText();
  }

  @Test
  @Order(1)
  void aConstraintNoNodeSatisfies_keepsTheTaskPendingWithTheReason_untilTheNodeGetsTheLabel() throws Exception {
    flotilla.cli("service", "create", "-d", "--name", "zoned", "--constraint", "node.labels.zone==c", Docker.WEB)
        .orFail();

    FlotillaProcess.await(Duration.ofSeconds(10), "a PENDING task explaining the constraint", () -> tasks("zoned")
        .stream().anyMatch(t -> t.path("state").asText().equals("PENDING")
            && t.path("message").asText().equals("no suitable node (no node satisfies node.labels.zone==c)")));
    String ps = flotilla.cli("service", "ps", "zoned").orFail().out();
    assertThat(ps).contains("Pending").contains("no node satisfies node.labels.zone==c");
    assertThat(Docker.runningContainers("zoned")).isEmpty();

    Shell.Result updated = flotilla.cli("node", "update", "--label-add", "zone=c", node).orFail();
    assertThat(updated.out().trim()).isEqualTo(node);

    FlotillaProcess.await(Duration.ofSeconds(30), "the task to run", () -> Docker.runningContainers("zoned").size() == 1);
    JsonNode inspected = JSON.readTree(flotilla.cli("node", "inspect", node).orFail().out()).get(0);
    assertThat(inspected.path("labels").path("zone").asText()).isEqualTo("c");

    flotilla.cli("service", "rm", "zoned").orFail();
    flotilla.cli("node", "update", "--label-rm", "zone", node).orFail();
    assertThat(flotilla.get("/v1/nodes/" + node).path("labels").size()).isZero();
  }

  @Test
  @Order(2)
  void drain_movesTheTasksOff_andActiveBringsThemBack() throws Exception {
    flotilla.cli("service", "create", "--name", "drainme", "--replicas", "2", Docker.WEB).orFail();
    assertThat(Docker.runningContainers("drainme")).hasSize(2);

    flotilla.cli("node", "update", "--availability", "drain", node).orFail();

    FlotillaProcess.await(Duration.ofSeconds(30), "no running containers", () -> Docker.runningContainers("drainme").isEmpty());
    List<JsonNode> wanted = tasks("drainme").stream()
        .filter(t -> t.path("desiredState").asText().equals("RUNNING")).toList();
    assertThat(wanted).hasSize(2).allSatisfy(t -> {
      assertThat(t.path("state").asText()).isEqualTo("PENDING");
      assertThat(t.path("message").asText()).isEqualTo("no suitable node (1 node not ready or not active)");
    });
    assertThat(flotilla.cli("node", "ls").orFail().out()).contains("Drain");

    flotilla.cli("node", "update", "--availability", "active", node).orFail();

    FlotillaProcess.await(Duration.ofSeconds(30), "2 running containers", () -> Docker.runningContainers("drainme").size() == 2);
    flotilla.cli("service", "rm", "drainme").orFail();
  }

  @Test
  @Order(3)
  void pause_keepsTheRunningTasks_butPlacesNoNewOnes() throws Exception {
    flotilla.cli("service", "create", "--name", "pauseme", Docker.WEB).orFail();
    List<String> before = Docker.runningContainers("pauseme");

    flotilla.cli("node", "update", "--availability", "pause", node).orFail();
    flotilla.cli("service", "scale", "-d", "pauseme=2").orFail();

    FlotillaProcess.await(Duration.ofSeconds(10), "a PENDING second task", () -> tasks("pauseme").stream()
        .anyMatch(t -> t.path("state").asText().equals("PENDING")
            && t.path("message").asText().contains("not ready or not active")));
    Thread.sleep(1500);
    assertThat(Docker.runningContainers("pauseme")).isEqualTo(before);

    flotilla.cli("node", "update", "--availability", "active", node).orFail();

    FlotillaProcess.await(Duration.ofSeconds(30), "2 running containers", () -> Docker.runningContainers("pauseme").size() == 2);
    assertThat(Docker.runningContainers("pauseme")).containsAll(before);
    flotilla.cli("service", "rm", "pauseme").orFail();
  }

  @Test
  @Order(4)
  void badNodeRequests_areRejectedNamingTheField_andChangeNothing() throws Exception {
    String path = "/v1/nodes/" + node;
    JsonNode before = flotilla.get(path);

    assertError(flotilla.patch(path, "{\"colour\":\"red\"}"), 400, "unknown field 'colour'");
    assertError(flotilla.patch(path, "{\"availability\":\"sleep\"}"), 400, "availability: must be active, pause or drain");
    assertError(flotilla.patch(path, "{\"labels\":{\"a\":\"b\"},\"labelsAdd\":{\"c\":\"d\"}}"), 400,
        "labels: cannot be combined with labelsAdd or labelsRemove");
    assertError(flotilla.patch(path, "{\"labelsRemove\":\"zone\"}"), 400, "labelsRemove");
    assertError(flotilla.patch(path, "{\"availability\": \"drain\""), 400, "malformed JSON");
    assertError(flotilla.patch("/v1/nodes/nope", "{\"availability\":\"drain\"}"), 404, "no such node: nope");
    assertError(flotilla.delete("/v1/nodes/nope"), 404, "no such node: nope");
    assertError(flotilla.delete(path + "?force=maybe"), 400, "force");
    assertError(flotilla.post("/v1/services", "{\"name\":\"x\",\"image\":\"a\",\"placement\":{\"constraints\":[\"zone=a\"]}}"),
        400, "placement.constraints[0]: expected <key>==<value> or <key>!=<value>");
    assertError(flotilla.post("/v1/services", "{\"name\":\"x\",\"image\":\"a\",\"placement\":{\"preferences\":[{\"spread\":\"zone\"}]}}"),
        400, "placement.preferences[0].spread");

    JsonNode after = flotilla.get(path);
    assertThat(after.path("availability")).isEqualTo(before.path("availability"));
    assertThat(after.path("labels")).isEqualTo(before.path("labels"));
    assertThat(flotilla.status("/v1/services/x")).isEqualTo(404);
    Shell.Result cli = flotilla.cli("node", "update", "--availability", "sleep", node);
    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("Error: --availability: must be active, pause or drain, not 'sleep'");
  }

  @Test
  @Order(5)
  void removingTheReadyNode_isRefused_andTheLastManager_evenByForce() throws Exception {
    assertError(flotilla.delete("/v1/nodes/" + node), 409, "only a DOWN node can be removed");

    Shell.Result cli = flotilla.cli("node", "rm", "--force", node);
    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("cannot remove: node " + node).contains("is the last manager");
    assertThat(flotilla.status("/v1/nodes/" + node)).isEqualTo(200);
  }

  @Test
  @Order(6)
  void aReadyWorker_isRemovedOnlyByForce_andRejoinsWhileItsAgentRuns_andItsServiceConvergesToOneTask()
      throws Exception {
    String token = flotilla.cli("join-token", "worker", "-q").orFail().out().trim();
    java.nio.file.Path data = flotilla.dataDir.resolve("worker");
    Process worker = new ProcessBuilder(FlotillaProcess.ROOT.resolve("bin/flotilla").toString(), "join", "--token",
        token, "--advertise-addr", "127.0.0.1", "--data-dir", data.toString(), "127.0.0.1:" + flotilla.apiPort)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(flotilla.log.resolveSibling("worker-" + flotilla.apiPort
            + ".log").toFile()))
        .start();
    try {
      FlotillaProcess.await(Duration.ofSeconds(60), "the worker READY", () -> workerId() != null);
      String workerId = workerId();
      flotilla.cli("service", "create", "--name", "rejoin", "--constraint", "node.role==worker", Docker.WEB).orFail();

      assertError(flotilla.delete("/v1/nodes/" + workerId), 409, "is READY: only a DOWN node can be removed");
      assertThat(flotilla.cli("node", "rm", "--force", workerId).orFail().out().trim()).isEqualTo(workerId);
      String nodeId = workerId;

      FlotillaProcess.await(Duration.ofSeconds(15), "the node to rejoin READY", () -> {
        try {
          JsonNode n = flotilla.get("/v1/nodes/" + nodeId);
          return n.path("state").asText().equals("READY");
        } catch (IOException e) {
          return false;
        }
      });
      assertThat(tasks("rejoin")).anySatisfy(t -> {
        assertThat(t.path("state").asText()).isEqualTo("ORPHANED");
        assertThat(t.path("message").asText()).isEqualTo("node removed");
      });
      FlotillaProcess.await(Duration.ofSeconds(30), "one RUNNING task", () -> tasks("rejoin").stream()
          .filter(t -> t.path("state").asText().equals("RUNNING")).count() == 1
          && Docker.runningContainers("rejoin").size() == 1);
      Thread.sleep(2000);
      assertThat(Docker.runningContainers("rejoin")).hasSize(1);
      flotilla.cli("service", "rm", "rejoin").orFail();
    } finally {
      worker.destroy();
      worker.waitFor();
    }
  }

  private String workerId() {
    try {
      for (JsonNode n : flotilla.get("/v1/nodes")) {
        if (n.path("role").asText().equals("worker") && n.path("state").asText().equals("READY")) {
          return n.path("id").asText();
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static void assertError(HttpResponse<String> response, int status, String mentions) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(JSON.readTree(response.body()).path("error").asText()).contains(mentions);
  }

  private List<JsonNode> tasks(String service) {
    try {
      return flotilla.tasks(service);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
