package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.e2e.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stacks from compose files across hosts: the seed's three-tier app, and files Flotilla rejects or warns about. */
class StackIT extends MultiHostTestBase {
  private static final Path STACKS = Path.of("src/test/resources/stacks").toAbsolutePath();

  @AfterEach
  void removeStacks() {
    manager.cli("stack", "rm", "shop");
    manager.cli("stack", "rm", "odd");
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
}
