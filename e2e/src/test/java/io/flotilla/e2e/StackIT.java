package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Json;
import io.flotilla.e2e.testbed.Testbed;
import io.flotilla.model.StackLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stacks from compose files across hosts: the seed's three-tier app, and files Flotilla rejects or warns about. */
class StackIT extends MultiHostTestBase {
  private static final Path STACKS = Path.of("src/test/resources/stacks").toAbsolutePath();

  @AfterEach
  void removeStacks() {
    manager.cli("stack", "rm", "shop");
    manager.cli("stack", "rm", "odd");
    manager.cli("stack", "rm", "edge");
  }

  @Test
  void threeTierApp_deploysWithOneCommand_answersOnEveryNode_andSurvivesABackendHost() throws Exception {
    Shell.Result deployed = manager.cli("stack", "deploy", "-c", STACKS.resolve("three-tier.yml").toString(), "shop");
    assertThat(deployed.exitCode()).as("%s %s", deployed.out(), deployed.err()).isZero();
    assertThat(deployed.out()).contains("Creating service shop_db", "Creating service shop_backend",
        "Creating service shop_frontend", "Creating network shop_back");

    FlotillaProcess.await(Duration.ofSeconds(90), "the stack to run",
        () -> running("shop_db").size() == 1 && running("shop_backend").size() == 3 && running("shop_frontend").size() == 2);
    assertThat(hostOf(running("shop_db").get(0))).isEqualTo("fl-h1");
    java.time.Instant dbStarted = java.time.Instant.parse(running("shop_db").get(0).path("startedAt").asText());
    assertThat(running("shop_backend")).as("backend starts once db is healthy").allSatisfy(backend ->
        assertThat(java.time.Instant.parse(backend.path("createdAt").asText())).isAfter(dbStarted));
    for (Testbed.Host host : testbed.hosts()) {
      FlotillaProcess.await(Duration.ofSeconds(20), "the app through " + host.name(),
          () -> httpGet(host.address(), 18070, "/cgi-bin/app").matches("(?s)frontend .* <- backend .* <- rows from db\\s*"));
    }

    Testbed.Host victim = testbed.hosts().stream()
        .filter(h -> !h.name().equals("fl-h1"))
        .filter(h -> running("shop_backend").stream().anyMatch(t -> hostOf(t).equals(h.name())))
        .findFirst().orElseThrow();
    victim.kill();
    Testbed.Host survivor = testbed.hosts().get(0);
    FlotillaProcess.await(Duration.ofSeconds(60), "the app to answer with " + victim.name() + " dead", () -> {
      for (int i = 0; i < 6; i++) {
        if (!httpGet(survivor.address(), 18070, "/cgi-bin/app").contains("rows from db")) {
          return false;
        }
      }
      return true;
    });
    victim.revive();
    restartAgent(victim);
    FlotillaProcess.await(Duration.ofSeconds(60), victim.name() + " READY", () -> nodeState(victim.name()).equals("READY"));
  }

  @Test
  void redeployingAnEditedFile_updatesOnlyWhatChanged_andTheDbKeepsItsDataAcrossRestarts() throws Exception {
    Path file = STACKS.resolve("three-tier.yml");
    manager.cli("stack", "deploy", "-c", file.toString(), "shop").orFail();
    FlotillaProcess.await(Duration.ofSeconds(90), "the stack to run",
        () -> running("shop_db").size() == 1 && running("shop_backend").size() == 3 && running("shop_frontend").size() == 2);

    Shell.Result again = manager.cli("stack", "deploy", "-c", file.toString(), "shop").orFail();
    assertThat(again.out()).doesNotContain("Creating service", "Updating service");

    Path edited = Files.createTempFile("three-tier", ".yml");
    Files.writeString(edited, Files.readString(file).replace("replicas: 2", "replicas: 3"));
    Shell.Result redeployed = manager.cli("stack", "deploy", "-c", edited.toString(), "shop").orFail();
    assertThat(redeployed.out()).contains("Updating service shop_frontend")
        .doesNotContain("shop_db", "shop_backend");
    FlotillaProcess.await(Duration.ofSeconds(30), "3 frontends", () -> running("shop_frontend").size() == 3);

    Testbed.Host dbHost = hostNamed("fl-h1");
    String db = dbHost.runningContainers("flotilla.service.name=shop_db").get(0);
    dbHost.docker("exec", db, "sh", "-c", "echo kept-across-restarts >> /data/rows").orFail();
    dbHost.docker("kill", db).orFail();
    FlotillaProcess.await(Duration.ofSeconds(30), "a new db task", () -> {
      var dbs = running("shop_db");
      return dbs.size() == 1 && !dbs.get(0).path("containerId").asText().equals(db);
    });
    String newDb = dbHost.runningContainers("flotilla.service.name=shop_db").get(0);
    assertThat(dbHost.docker("exec", newDb, "cat", "/data/rows").orFail().out()).contains("kept-across-restarts");
  }

  @Test
  void anInvalidFile_isRejectedWithTheKeyPath_andUnsupportedKeysAreWarnings() {
    Shell.Result invalid = manager.cli("stack", "deploy", "-c", STACKS.resolve("invalid.yml").toString(), "odd");
    assertThat(invalid.exitCode()).isNotZero();
    assertThat(invalid.err()).contains("services.web.deploy.replicas");
    assertThat(manager.cli("stack", "ls").orFail().out()).doesNotContain("odd");

    Shell.Result warned = manager.cli("stack", "deploy", "-c", STACKS.resolve("unsupported.yml").toString(), "odd");
    assertThat(warned.exitCode()).as("%s %s", warned.out(), warned.err()).isZero();
    assertThat(warned.out()).contains("Warning: services.web.container_name", "Warning: services.web.build",
        "Warning: services.web.privileged");
  }

  @Test
  void aStackOnAnExternalNetwork_reachesAServiceOfAnotherStackByName_andAMissingOneIsAClearError() {
    Shell.Result missing = manager.cli("stack", "deploy", "-c", STACKS.resolve("joins-edge.yml").toString(), "shop");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.err()).contains("networks.edge_public: the external network 'edge_public' does not exist");
    assertThat(manager.cli("stack", "ls").orFail().out()).doesNotContain("shop");

    manager.cli("stack", "deploy", "-c", STACKS.resolve("edge.yml").toString(), "edge").orFail();
    Shell.Result joined = manager.cli("stack", "deploy", "-c", STACKS.resolve("joins-edge.yml").toString(), "shop")
        .orFail();
    assertThat(joined.out()).contains("Creating service shop_client").doesNotContain("Creating network");
    FlotillaProcess.await(Duration.ofSeconds(60), "both stacks to run",
        () -> running("edge_web").size() == 1 && running("shop_client").size() == 1);
    FlotillaProcess.await(Duration.ofSeconds(20), "shop_client to reach edge_web by name", () ->
        inContainer("shop_client", "sh", "-c", "printf 'GET /version HTTP/1.0\\r\\n\\r\\n' | nc -w 3 edge_web 80")
            .out().strip().endsWith("1"));

    manager.cli("stack", "rm", "shop").orFail();
    assertThat(manager.cli("network", "ls").orFail().out()).as("the external network stays with its stack")
        .contains("edge_public");
  }

  @Test
  void aDryRun_showsExactlyTheChangesTheDeployThenMakes_andChangesNothing() throws Exception {
    manager.cli("stack", "deploy", "-c", STACKS.resolve("plan-v1.yml").toString(), "shop").orFail();
    FlotillaProcess.await(Duration.ofSeconds(60), "version 1", () -> running("shop_api").size() == 1);
    Map<String, JsonNode> before = stackSpecs("shop");
    String v2 = STACKS.resolve("plan-v2.yml").toString();

    JsonNode planned = Json.MAPPER.readTree(manager.cli("stack", "deploy", "--dry-run", "--prune", "-c", v2,
        "--format", "json", "shop").orFail().out());
    assertThat(stackSpecs("shop")).as("a dry run changes nothing").isEqualTo(before);
    Shell.Result shown = manager.cli("stack", "deploy", "--dry-run", "--prune", "-c", v2, "shop").orFail();
    assertThat(shown.out()).contains("Would create service shop_new", "Would update service shop_api",
        "    image: flotilla-test/web:1 -> flotilla-test/web:2", "    env.LOG_LEVEL: info -> debug",
        "    env.FEATURE: (none) -> on", "    replicas: 1 -> 2", "Would remove service shop_old",
        "Dry run: nothing was changed.");

    JsonNode done = Json.MAPPER.readTree(manager.cli("stack", "deploy", "--prune", "-c", v2, "--format", "json",
        "shop").orFail().out());
    for (String key : List.of("created", "updated", "removed", "networksCreated", "changes")) {
      assertThat(done.path(key)).as(key).isEqualTo(planned.path(key));
    }
    Map<String, JsonNode> after = stackSpecs("shop");
    assertThat(after.keySet()).containsExactlyInAnyOrder("shop_api", "shop_new");
    List<String> changed = new ArrayList<>();
    planned.path("changes").path("shop_api").forEach(c -> changed.add(c.path("field").asText()));
    assertThat(changed).as("the fields the dry run named are those that changed")
        .containsExactlyInAnyOrderElementsOf(changedLeaves("", before.get("shop_api"), after.get("shop_api")));
  }

  /** The specs of a stack's services, by name. */
  private Map<String, JsonNode> stackSpecs(String stack) throws java.io.IOException {
    Map<String, JsonNode> specs = new TreeMap<>();
    manager.get("/v1/services").forEach(s -> {
      if (stack.equals(s.path("spec").path("labels").path(StackLabels.NAMESPACE).asText())) {
        specs.put(s.path("spec").path("name").asText(), s.path("spec"));
      }
    });
    return specs;
  }

  /** The dotted paths of the leaves (or whole lists) that differ between two JSON trees. */
  private static List<String> changedLeaves(String path, JsonNode a, JsonNode b) {
    List<String> paths = new ArrayList<>();
    if (a != null && b != null && a.isObject() && b.isObject()) {
      Set<String> keys = new TreeSet<>();
      a.fieldNames().forEachRemaining(keys::add);
      b.fieldNames().forEachRemaining(keys::add);
      keys.forEach(k -> paths.addAll(changedLeaves(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k))));
    } else if (!java.util.Objects.equals(a, b)) {
      paths.add(path);
    }
    return paths;
  }
}
