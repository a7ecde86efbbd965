package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.e2e.testbed.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Images reach the nodes without the user's registry: built by the client's engine with
 * {@code --build} and shipped by the managers, or pulled from a private registry (a real one,
 * with htpasswd auth) with the credentials {@code --with-registry-auth} sends.
 */
class ImageDistributionIT extends MultiHostTestBase {
  private TestRegistry registry;

  @AfterEach
  void removeStack() {
    manager.cli("stack", "rm", "built");
  }

  @AfterAll
  void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void aBuildOnlyStack_isRefusedWithoutBuild_andWithIt_runsTheSameImageIdOnHostsThatNeverSawIt() throws Exception {
    Path dir = Files.createTempDirectory("flotilla-build");
    Files.createDirectories(dir.resolve("api"));
    // A new image every run: its ID cannot be on any host's engine before the deploy.
    String marker = "built-" + System.nanoTime();
    for (Testbed.Host host : testbed.hosts()) {
      assertThat(host.docker("image", "inspect", "built_api").exitCode()).as("%s has no built_api yet", host.name())
          .isNotZero();
    }
    Files.writeString(dir.resolve("api/marker"), marker + "\n");
    Files.writeString(dir.resolve("api/Dockerfile"), "FROM " + Docker.WEB + "\nCOPY marker /www/marker\n");
    Path compose = dir.resolve("docker-compose.yml");
    Files.writeString(compose, "services:\n  api:\n    build: ./api\n    deploy:\n      mode: global\n");

    Shell.Result refused = manager.cli("stack", "deploy", "-c", compose.toString(), "built");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err() + refused.out()).contains("services.api.image", "--build");

    Shell.Result deployed = manager.cli("stack", "deploy", "--build", "-c", compose.toString(), "built");
    assertThat(deployed.exitCode()).as("%s %s", deployed.out(), deployed.err()).isZero();
    String id = Shell.run("docker", "image", "inspect", "--format", "{{.Id}}", "built_api").orFail().out().trim();
    assertThat(deployed.out()).contains("Building built_api", "Uploading built_api", "Creating service built_api");

    FlotillaProcess.await(Duration.ofSeconds(120), "built_api on 3 hosts", () -> running("built_api").size() == 3);
    Set<String> hosts = new HashSet<>();
    for (Testbed.Host host : testbed.hosts()) {
      String container = host.runningContainers("flotilla.service.name=built_api").get(0);
      assertThat(host.docker("inspect", "--format", "{{.Image}}", container).orFail().out().trim()).isEqualTo(id);
      assertThat(host.docker("exec", container, "cat", "/www/marker").orFail().out().trim()).isEqualTo(marker);
      hosts.add(host.name());
    }
    assertThat(hosts).hasSize(3);
    JsonNode service = manager.get("/v1/services/built_api");
    assertThat(service.path("spec").path("image").asText()).isEqualTo("built_api");
    assertThat(service.path("spec").path("labels").path("flotilla.image.id").asText()).isEqualTo(id);
    JsonNode images = manager.get("/v1/images");
    assertThat(images.findValuesAsText("id")).contains(id);
    assertThat(manager.cli("service", "ls").orFail().out()).contains("built_api");
  }

  @Test
  void aPrivateImage_isRejectedWithoutCredentials_andRunsOnEveryNodeWithRegistryAuth() throws Exception {
    registry = TestRegistry.start();
    Path config = registry.login();
    Path dir = Files.createTempDirectory("flotilla-private");
    Files.writeString(dir.resolve("marker"), "private-" + System.nanoTime() + "\n");
    Files.writeString(dir.resolve("Dockerfile"), "FROM " + Docker.WEB + "\nCOPY marker /www/marker\n");
    Shell.run("docker", "build", "-q", "-t", "flotilla-test/private:1", dir.toString()).orFail();
    String image = registry.push(config, "flotilla-test/private:1", "private/web:1");
    for (Testbed.Host host : testbed.hosts()) {
      assertThat(host.docker("image", "inspect", image).exitCode()).as("%s has never pulled it", host.name()).isNotZero();
    }
    Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString());

    services.add("noauth");
    manager.cli(env, "service", "create", "--name", "noauth", "--mode", "global", "-d", image).orFail();
    FlotillaProcess.await(Duration.ofSeconds(90), "a task rejected for the registry's refusal",
        () -> tasks("noauth").stream().anyMatch(t -> t.path("state").asText().equals("REJECTED")
            && (t.path("error").asText() + t.path("message").asText()).matches("(?s).*(no basic auth credentials"
                + "|unauthorized|authentication required|pull access denied).*")));
    assertThat(running("noauth")).isEmpty();
    manager.cli("service", "rm", "noauth").orFail();
    services.remove("noauth");

    services.add("private");
    Shell.Result created = manager.cli(env, "service", "create", "--name", "private", "--mode", "global",
        "--with-registry-auth", image);
    assertThat(created.exitCode()).as("%s %s", created.out(), created.err()).isZero();
    FlotillaProcess.await(Duration.ofSeconds(120), "private on 3 hosts", () -> running("private").size() == 3);
    for (Testbed.Host host : testbed.hosts()) {
      assertThat(host.runningContainers("flotilla.service.name=private")).as(host.name()).hasSize(1);
    }

    List<String> answers = List.of(manager.get("/v1/services/private").toString(),
        manager.get("/v1/services").toString(), manager.get("/v1/tasks?service=private").toString(),
        manager.cli("service", "inspect", "private").out());
    assertThat(answers).noneMatch(a -> a.contains(TestRegistry.PASSWORD));
    assertThat(Files.readString(manager.log)).doesNotContain(TestRegistry.PASSWORD);
  }
}
