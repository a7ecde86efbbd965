package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.e2e.testbed.Testbed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The web dashboard ({@code /ui}) in headless Chromium against the three-host test bed: what the
 * page shows is checked against the API, and what the page does is checked in the API. Each
 * step leaves a screenshot in {@code target/ui/}.
 */
class UiIT extends MultiHostTestBase {
  private static final Path SCREENSHOTS = Path.of("target", "ui");

  @Test
  void theDashboard_followsTheClusterLive_scalesAndDrainsFromThePage_andShowsADeadHostDown() throws Exception {
    try (Dashboard ui = Dashboard.open(manager, SCREENSHOTS)) {
      ui.step("signIn", "name", "signed-in", "token", manager.adminToken());
      JsonNode ready = ui.step("nodes", "name", "three-nodes-ready", "count", 3, "state", "READY");
      assertThat(texts(ready.path("hostnames"))).containsExactlyInAnyOrder("fl-h1", "fl-h2", "fl-h3");

      create("webui", "--replicas", "3");
      JsonNode shown = ui.step("tasks", "name", "service-created", "service", "webui", "running", 3);
      assertThat(placed(shown)).isEqualTo(placedByApi("webui"));

      JsonNode scaled = ui.step("scale", "name", "scale-clicked", "service", "webui", "replicas", 6);
      assertThat(scaled.path("notice").isNull()).as("notice: %s", scaled.path("notice")).isTrue();
      FlotillaProcess.await(Duration.ofSeconds(60), "6 RUNNING tasks of webui in the API",
          () -> replicas("webui") == 6 && running("webui").size() == 6);
      ui.step("serviceRow", "name", "scaled-to-6", "service", "webui", "running", 6, "desired", 6);
      assertThat(placed(ui.step("tasks", "name", "six-tasks", "service", "webui", "running", 6)))
          .isEqualTo(placedByApi("webui"));

      JsonNode drained = ui.step("availability", "name", "drain-clicked", "hostname", "fl-h1", "action", "drain");
      assertThat(drained.path("notice").isNull()).as("notice: %s", drained.path("notice")).isTrue();
      assertThat(manager.get("/v1/nodes/fl-h1").path("availability").asText()).isEqualTo("drain");
      FlotillaProcess.await(Duration.ofSeconds(60), "webui's tasks off fl-h1, 6 running elsewhere",
          () -> runningPerHost("webui").getOrDefault("fl-h1", 0) == 0 && running("webui").size() == 6);
      ui.step("nodeState", "name", "fl-h1-drained", "hostname", "fl-h1", "availability", "drain");
      JsonNode moved = ui.step("tasks", "name", "tasks-moved-off-fl-h1", "service", "webui", "running", 6);
      assertThat(placed(moved)).isEqualTo(placedByApi("webui")).doesNotContainValue("fl-h1");
      ui.step("availability", "name", "activate-clicked", "hostname", "fl-h1", "action", "activate");
      assertThat(manager.get("/v1/nodes/fl-h1").path("availability").asText()).isEqualTo("active");

      String readonly = manager.cli("token", "create", "--role", "readonly", "ui-viewer").orFail().out().trim();
      ui.step("signOut", "name", "signed-out");
      ui.step("signIn", "name", "signed-in-readonly", "token", readonly);
      ui.step("scale", "service", "webui", "replicas", 2);
      JsonNode refused = ui.step("noticeShows", "name", "readonly-refused", "text", "has the role readonly");
      assertThat(refused.path("notice").asText()).isEqualTo("Scaling webui to 2 was refused: the API token "
          + "'ui-viewer' has the role readonly, which may not POST /v1/services/webui/scale; that needs an admin token");
      assertThat(replicas("webui")).isEqualTo(6);
      ui.step("signOut");
      ui.step("signIn", "token", manager.adminToken());

      Testbed.Host victim = hostNamed("fl-h3");
      victim.kill();
      ui.step("nodeState", "name", "fl-h3-down", "hostname", "fl-h3", "state", "DOWN");
      assertThat(nodeState("fl-h3")).isEqualTo("DOWN");
      ui.step("events", "contains", "fl-h3 is DOWN");
      FlotillaProcess.await(Duration.ofSeconds(60), "6 RUNNING tasks of webui on the survivors",
          () -> running("webui").size() == 6 && running("webui").stream().noneMatch(t -> hostOf(t).equals("fl-h3")));
      JsonNode survivors = ui.step("tasks", "name", "final-fl-h3-down-tasks-moved", "service", "webui", "running", 6);
      assertThat(placed(survivors)).isEqualTo(placedByApi("webui")).doesNotContainValue("fl-h3");

      JsonNode problems = ui.step("problems").path("problems");
      assertThat(texts(problems)).as("errors in the page").noneMatch(p -> p.startsWith("page error"));
    }
    Testbed.Host victim = hostNamed("fl-h3");
    victim.revive();
    restartAgent(victim);
    FlotillaProcess.await(Duration.ofSeconds(60), victim.name() + " READY", () -> nodeState(victim.name()).equals("READY"));
  }

  private int replicas(String service) {
    try {
      return manager.get("/v1/services/" + service).path("spec").path("replicas").asInt();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Task label (service.slot) to hostname, as the page placed them. */
  private static Map<String, String> placed(JsonNode answer) {
    Map<String, String> placed = new java.util.TreeMap<>();
    answer.path("placed").forEach(p -> placed.put(p.path("task").asText(), p.path("node").asText()));
    return placed;
  }

  /** The same from the API: the RUNNING tasks and their nodes' hostnames. */
  private Map<String, String> placedByApi(String service) {
    return running(service).stream().collect(Collectors.toMap(t -> service + "." + t.path("slot").asInt(), this::hostOf,
        (a, b) -> a + "," + b, java.util.TreeMap::new));
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
