package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A crash of Flotilla itself loses nothing: state is durable and running containers are adopted. */
class RestartIT {
  private FlotillaProcess flotilla;

  @AfterEach
  void cleanUp() throws InterruptedException {
    if (flotilla != null) {
      flotilla.close();
    }
    Docker.removeServiceContainers("persist");
  }

  @Test
  void kill9AndRestart_keepsTheServiceAndAdoptsItsContainers() throws Exception {
    Docker.buildTestImages();
    Docker.removeServiceContainers("persist");
    flotilla = new FlotillaProcess();
    flotilla.start();
    flotilla.cli("service", "create", "--name", "persist", "--replicas", "3", Docker.WEB).orFail();
    List<String> before = Docker.runningContainers("persist");
    Map<String, String> startedAt = startTimes(before);
    String adminToken = flotilla.adminToken();

    flotilla.kill9();
    assertThat(Docker.runningContainers("persist")).containsExactlyInAnyOrderElementsOf(before);
    Duration ready = flotilla.start();
    System.out.println("API answered " + ready.toMillis() + " ms after the restart");

    assertThat(ready).isLessThan(Duration.ofSeconds(10));
    assertThat(flotilla.adminToken()).as("the admin token after the restart").isEqualTo(adminToken);
    assertThat(flotilla.cli("token", "ls").orFail().out().lines().skip(1)).singleElement()
        .satisfies(row -> assertThat(row).startsWith("admin"));
    JsonNode service = flotilla.get("/v1/services/persist");
    assertThat(service.path("spec").path("replicas").asInt()).isEqualTo(3);
    FlotillaProcess.await(Duration.ofSeconds(10), "3 RUNNING tasks", () -> {
      try {
        return flotilla.tasks("persist").stream().filter(t -> t.path("state").asText().equals("RUNNING")).count() == 3;
      } catch (java.io.IOException e) {
        return false;
      }
    });
    Thread.sleep(3000);
    assertThat(flotilla.tasks("persist")).hasSize(3)
        .extracting(t -> t.path("containerId").asText()).containsExactlyInAnyOrderElementsOf(before);
    assertThat(Docker.runningContainers("persist")).containsExactlyInAnyOrderElementsOf(before);
    assertThat(startTimes(before)).isEqualTo(startedAt);
  }

  private static Map<String, String> startTimes(List<String> containers) {
    return containers.stream().collect(Collectors.toMap(id -> id,
        id -> Shell.run("docker", "inspect", "-f", "{{.State.StartedAt}}", id).orFail().out().trim()));
  }
}
