package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Rolling updates across hosts: under load through the routing mesh, in pairs, and failing health checks. */
class RollingUpdateIT extends MultiHostTestBase {

  @Test
  void startFirstUpdate_underContinuousLoad_failsNoRequest() throws Exception {
    create("roll", "--replicas", "4", "-p", "18090:80");
    for (var host : testbed.hosts()) {
      FlotillaProcess.await(Duration.ofSeconds(20), "the mesh on " + host.name(),
          () -> httpGet(host.address(), 18090, "/version").trim().equals("1"));
    }
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ExecutorService load = Executors.newFixedThreadPool(3);
    List<Future<?>> clients = testbed.hosts().stream().map(host -> load.submit(() -> {
      while (loading.get()) {
        String body = httpGet(host.address(), 18090, "/version").trim();
        (body.equals("1") || body.equals("2") ? ok : failed).incrementAndGet();
      }
    })).<Future<?>>map(f -> f).toList();

    Shell.Result update = manager.cli("service", "update", "--image", Docker.WEB_2, "--update-order", "start-first",
        "--update-monitor", "2s", "roll");
    Thread.sleep(2000);
    loading.set(false);
    for (Future<?> client : clients) {
      client.get();
    }
    load.shutdown();

    assertThat(update.exitCode()).as("update: %s %s", update.out(), update.err()).isZero();
    System.out.printf("start-first rolling update under load: %d requests, %d failed%n", ok.get() + failed.get(),
        failed.get());
    assertThat(ok.get()).isGreaterThan(100);
    assertThat(failed.get()).isZero();
    assertThat(running("roll")).hasSize(4);
    for (int i = 0; i < 12; i++) {
      assertThat(httpGet(testbed.hosts().get(i % 3).address(), 18090, "/version").trim()).isEqualTo("2");
    }
  }

  @Test
  void stopFirstUpdate_twoAtATime_updatesEverySlot() throws Exception {
    create("pairs", "--replicas", "4");
    long before = service("pairs").path("version").asLong();
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    var stream = java.net.http.HttpClient.newHttpClient().sendAsync(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + manager.apiPort + "/v1/events?type=service"))
            .header("authorization", "Bearer " + manager.adminToken()).build(),
        java.net.http.HttpResponse.BodyHandlers.ofLines())
        .thenAccept(response -> response.body().filter(l -> l.startsWith("data: ")).forEach(events::add));

    manager.cli("service", "update", "--image", Docker.WEB_2, "--update-parallelism", "2", "--update-monitor", "1s",
        "pairs").orFail();
    FlotillaProcess.await(Duration.ofSeconds(10), "the rollout's events", () -> events.stream().anyMatch(e ->
        e.contains("\"action\":\"completed\"") && e.contains("\"name\":\"pairs\"")));
    stream.cancel(true);
    assertThat(events).anyMatch(e -> e.contains("\"action\":\"update\"") && e.contains("\"updateState\":\"updating\""));

    JsonNode after = service("pairs");
    assertThat(after.path("version").asLong()).isGreaterThan(before);
    assertThat(after.path("updateStatus").path("state").asText()).isEqualTo("completed");
    assertThat(running("pairs")).hasSize(4).allSatisfy(t ->
        assertThat(t.path("specVersion").asLong()).isEqualTo(after.path("version").asLong()));
    assertThat(running("pairs")).extracting(t -> t.path("slot").asInt()).containsExactlyInAnyOrder(1, 2, 3, 4);
  }

  @Test
  void anUpdateWhoseHealthCheckFails_pausesOrRollsBack_andTheServiceKeepsItsOldSpec() throws Exception {
    create("sick", "--replicas", "3");
    Shell.Result paused = manager.cli("service", "update", "--image", Docker.WEB_2, "--health-cmd", "false",
        "--health-interval", "1s", "--health-retries", "1", "--update-monitor", "3s", "sick");
    assertThat(paused.exitCode()).isNotZero();
    assertThat(paused.err()).contains("paused");
    JsonNode sick = service("sick");
    assertThat(sick.path("updateStatus").path("state").asText()).isEqualTo("paused");
    assertThat(sick.path("updateStatus").path("message").asText()).contains("unhealthy");
    assertThat(running("sick").stream().filter(t -> t.path("specVersion").asLong() == 1)).hasSize(2);

    create("sicker", "--replicas", "3");
    Shell.Result rolledBack = manager.cli("service", "update", "--image", Docker.WEB_2, "--health-cmd", "false",
        "--health-interval", "1s", "--health-retries", "1", "--update-monitor", "3s",
        "--update-failure-action", "rollback", "sicker");
    assertThat(rolledBack.exitCode()).as("%s %s", rolledBack.out(), rolledBack.err()).isZero();
    JsonNode sicker = service("sicker");
    assertThat(sicker.path("updateStatus").path("state").asText()).isEqualTo("rollback_completed");
    assertThat(sicker.path("spec").path("image").asText()).isEqualTo(Docker.WEB);
    assertThat(sicker.path("spec").path("healthcheck").isNull() || sicker.path("spec").path("healthcheck").isMissingNode())
        .isTrue();
    assertThat(running("sicker")).hasSize(3);
  }

  private JsonNode service(String name) throws IOException {
    return manager.get("/v1/services/" + name);
  }
}
