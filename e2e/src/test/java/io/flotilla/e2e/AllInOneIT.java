package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The all-in-one cluster on the local engine, driven through bin/flotilla and the HTTP API. */
class AllInOneIT extends AllInOneTestBase {
  private static final List<String> SERVICES = List.of("web", "killme", "crashy", "scaled", "dup", "job", "ghost",
      "versioned");

  @Override
  protected List<String> services() {
    return SERVICES;
  }

  /**
   * Any local user could start a root container through an open port: the all-in-one's API,
   * event bus, Raft port and Hazelcast all listen on loopback addresses, none on a wildcard.
   */
  @Test
  void theAllInOne_listensOnLoopbackOnly() {
    List<String> sockets = Shell.run("ss", "-Hltunp").orFail().out().lines()
        .filter(line -> line.contains("pid=" + flotilla.pid() + ",")).toList();
    List<String> locals = sockets.stream().map(line -> line.trim().split("\\s+")[4]).toList();

    assertThat(locals).as("the sockets the all-in-one listens on").hasSizeGreaterThanOrEqualTo(4)
        .contains("[::ffff:127.0.0.1]:" + flotilla.apiPort, "[::ffff:127.0.0.1]:" + flotilla.raftPort,
            "[::ffff:127.0.0.1]:" + flotilla.busPort)
        .allSatisfy(local -> assertThat(local).matches("(127\\.0\\.0\\.1|\\[::ffff:127\\.0\\.0\\.1]|\\[::1]):\\d+"));
  }

  @Test
  void theApi_wantsAToken_andTheFirstAdminToken_isReadableByItsOwnerOnly() throws Exception {
    var anonymous = flotilla.send(HttpRequest.newBuilder(URI.create(flotilla.url() + "/v1/services")).GET(), null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("www-authenticate")).hasValueSatisfying(
        v -> assertThat(v).startsWith("Bearer"));
    assertThat(flotilla.send(HttpRequest.newBuilder(URI.create(flotilla.url() + "/health")).GET(), null).statusCode())
        .isEqualTo(200);
    assertThat(java.nio.file.Files.getPosixFilePermissions(flotilla.dataDir.resolve("admin-token")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(flotilla.readLog()).contains("admin API token in " + flotilla.dataDir.resolve("admin-token"));

    Shell.Result noToken = Shell.run("env", "FLOTILLA_HOST=" + flotilla.url(), "FLOTILLA_CA=" + flotilla.caFile(),
        FlotillaProcess.ROOT.resolve("bin/flotilla").toString(), "service", "ls");
    assertThat(noToken.exitCode()).isEqualTo(1);
    assertThat(noToken.err()).contains("pass an API token with --token or FLOTILLA_TOKEN");
  }

  @Test
  void createWithThreeReplicas_runsThreeContainersShownByServicePs() {
    Shell.Result created = flotilla.cli("service", "create", "--name", "web", "--replicas", "3", Docker.WEB).orFail();
    assertThat(created.out()).contains("web: 3/3 running");

    List<String> containers = Docker.runningContainers("web");
    assertThat(containers).hasSize(3);
    List<String> rows = flotilla.cli("service", "ps", "web").orFail().out().lines().skip(1).toList();
    assertThat(rows).hasSize(3).allSatisfy(row -> assertThat(row).contains("Running").contains("web."));
    for (String id : containers) {
      assertThat(rows).anySatisfy(row -> assertThat(row).contains(id.substring(0, 12)));
    }
    String hostname = Shell.run("hostname").orFail().out().trim();
    assertThat(rows).allSatisfy(row -> assertThat(row).contains(hostname));
  }

  @Test
  void killedContainer_isReplacedInTheSameSlot_andTheOldTaskShowsItsExitCode() throws Exception {
    flotilla.cli("service", "create", "--name", "killme", Docker.WEB).orFail();
    JsonNode original = flotilla.tasks("killme").get(0);

    Instant killedAt = Instant.now();
    Docker.kill(original.path("containerId").asText());
    FlotillaProcess.await(Duration.ofSeconds(10), "a replacement task RUNNING", () -> running("killme").stream()
        .anyMatch(t -> !t.path("id").asText().equals(original.path("id").asText())));
    Duration replaced = Duration.between(killedAt, Instant.now());
    System.out.println("killed container replaced and RUNNING after " + replaced.toMillis() + " ms");

    JsonNode replacement = running("killme").get(0);
    assertThat(replacement.path("slot").asInt()).isEqualTo(original.path("slot").asInt());
    assertThat(Docker.runningContainers("killme")).containsExactly(replacement.path("containerId").asText());
    JsonNode old = flotilla.tasks("killme").stream()
        .filter(t -> t.path("id").asText().equals(original.path("id").asText())).findFirst().orElseThrow();
    assertThat(old.path("state").asText()).isEqualTo("FAILED");
    assertThat(old.path("exitCode").asInt()).isEqualTo(137);
    assertThat(old.path("error").asText()).contains("137");
  }

  @Test
  void crashLoop_isRestartedWithGrowingDelays() throws Exception {
    flotilla.cli("service", "create", "-d", "--name", "crashy", "-e", "CRASH_AFTER=0.3", Docker.CRASH).orFail();

    FlotillaProcess.await(Duration.ofSeconds(60), "five failed attempts", () -> failed("crashy").size() >= 5);

    List<JsonNode> tasks = flotilla.tasks("crashy").stream()
        .sorted(Comparator.comparingInt(t -> t.path("attempt").asInt())).toList();
    long[] delays = new long[tasks.size()];
    for (int i = 1; i < tasks.size(); i++) {
      delays[i] = Duration.between(Instant.parse(tasks.get(i - 1).path("finishedAt").asText()),
          Instant.parse(tasks.get(i).path("createdAt").asText())).toMillis();
    }
    System.out.println("restart delays of a crash loop (ms): " + java.util.Arrays.toString(delays));
    int last = tasks.size() - 1;
    assertThat(tasks.get(last).path("attempt").asInt()).isGreaterThanOrEqualTo(4);
    assertThat(delays[last]).isGreaterThan(delays[1] + 1000);
    assertThat(tasks).filteredOn(t -> t.path("state").asText().equals("FAILED"))
        .allSatisfy(t -> assertThat(t.path("exitCode").asInt()).isEqualTo(3));
  }

  @Test
  void scaleToTenThenZeroThenRemove_leavesNothingBehind() throws Exception {
    flotilla.cli("service", "create", "--name", "scaled", Docker.WEB).orFail();

    flotilla.cli("service", "scale", "scaled=10").orFail();
    assertThat(Docker.runningContainers("scaled")).hasSize(10);

    flotilla.cli("service", "scale", "scaled=0").orFail();
    FlotillaProcess.await(Duration.ofSeconds(30), "0 running containers", () -> Docker.runningContainers("scaled").isEmpty());

    flotilla.cli("service", "rm", "scaled").orFail();
    FlotillaProcess.await(Duration.ofSeconds(30), "no containers at all",
        () -> Docker.allContainers("scaled").isEmpty());
    assertThat(flotilla.status("/v1/services/scaled")).isEqualTo(404);
    assertThat(flotilla.get("/v1/tasks").findValuesAsText("serviceName")).doesNotContain("scaled");
  }

  @Test
  void update_needsTheCurrentVersion_andABadUpdateChangesNothing() throws Exception {
    flotilla.cli("service", "create", "--name", "versioned", Docker.WEB).orFail();
    JsonNode service = flotilla.get("/v1/services/versioned");
    long version = service.path("version").asLong();
    String spec = service.path("spec").toString();
    String newer = spec.replace(Docker.WEB, Docker.WEB_2);

    var missing = put("/v1/services/versioned", "{\"spec\":" + newer + "}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("version");
    var stale = put("/v1/services/versioned", "{\"version\":" + (version - 1) + ",\"spec\":" + newer + "}");
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(stale.body()).contains("stale");
    var renamed = put("/v1/services/versioned", "{\"version\":" + version + ",\"spec\":"
        + newer.replace("\"versioned\"", "\"other\"") + "}");
    assertThat(renamed.statusCode()).isEqualTo(400);
    assertThat(renamed.body()).contains("name");
    assertThat(flotilla.get("/v1/services/versioned").path("version").asLong()).isEqualTo(version);

    var updated = put("/v1/services/versioned", "{\"version\":" + version + ",\"spec\":" + newer + "}");
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(flotilla.get("/v1/services/versioned").path("version").asLong()).isEqualTo(version + 1);
  }

  private java.net.http.HttpResponse<String> put(String path, String body) throws IOException {
    return flotilla.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(flotilla.url() + path))
        .header("content-type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void completedJobWithOnFailurePolicy_isNotRestarted() throws Exception {
    flotilla.cli("service", "create", "-d", "--name", "job", "--restart-condition", "on-failure", Docker.EXIT0).orFail();

    FlotillaProcess.await(Duration.ofSeconds(20), "the job to complete",
        () -> tasks("job").stream().anyMatch(t -> t.path("state").asText().equals("COMPLETE")));
    Thread.sleep(1500);

    assertThat(tasks("job")).singleElement().satisfies(t -> assertThat(t.path("exitCode").asInt()).isZero());
  }

  @Test
  void missingImage_isRejectedWithDockersError() throws Exception {
    flotilla.cli("service", "create", "-d", "--name", "ghost", "no-such-registry.invalid/ghost:1").orFail();

    FlotillaProcess.await(Duration.ofSeconds(60), "a REJECTED task",
        () -> tasks("ghost").stream().anyMatch(t -> t.path("state").asText().equals("REJECTED")));

    JsonNode rejected = tasks("ghost").stream().filter(t -> t.path("state").asText().equals("REJECTED"))
        .findFirst().orElseThrow();
    assertThat(rejected.path("error").asText()).containsIgnoringCase("ghost");
    JsonNode service = flotilla.get("/v1/services/ghost");
    assertThat(service.path("status").path("message").asText()).contains("REJECTED");
    flotilla.cli("service", "rm", "ghost").orFail();
  }

  @Test
  void badInput_getsTheDocumentedStatusAndChangesNothing() throws Exception {
    flotilla.cli("service", "create", "-d", "--name", "dup", Docker.WEB).orFail();
    String before = flotilla.get("/v1/services").findValuesAsText("name").toString();

    assertError(flotilla.post("/v1/services", "{\"name\": \"x\", "), 400, "malformed JSON");
    assertError(flotilla.post("/v1/services", "{\"name\":\"x\",\"image\":\"a\",\"colour\":\"red\"}"), 400, "colour");
    assertError(flotilla.post("/v1/services", "{\"name\":\"x\",\"image\":\"a\",\"replicas\":-1}"), 400, "replicas");
    assertError(flotilla.post("/v1/services", "{\"name\":\"x\"}"), 400, "image");
    assertError(flotilla.post("/v1/services", "{\"name\":\"dup\",\"image\":\"a\"}"), 409, "dup");
    assertError(flotilla.post("/v1/services/dup/scale", "{\"replicas\":-2}"), 400, "replicas");
    assertError(flotilla.post("/v1/services/nope/scale", "{\"replicas\":2}"), 404, "nope");
    assertError(flotilla.send(HttpRequest.newBuilder(URI.create(flotilla.url() + "/v1/services/nope")).GET()), 404, "nope");
    assertError(flotilla.send(HttpRequest.newBuilder(URI.create(flotilla.url() + "/v1/services/nope")).DELETE()), 404, "nope");
    String huge = "{\"name\":\"big\",\"image\":\"a\",\"labels\":{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}}";
    assertError(flotilla.post("/v1/services", huge), 413, "too large");

    assertThat(flotilla.get("/v1/services").findValuesAsText("name").toString()).isEqualTo(before);
    assertThat(flotilla.get("/v1/services/dup").path("spec").path("replicas").asInt()).isEqualTo(1);
    Shell.Result cli = flotilla.cli("service", "scale", "nope=3");
    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err()).contains("Error: no such service: nope");
  }

  @Test
  void metrics_parseAsPrometheusTextAndShowTheClusterState() throws Exception {
    flotilla.cli("service", "create", "--name", "metered", "--replicas", "2", Docker.WEB).orFail();
    try {
      String text = flotilla.send(HttpRequest.newBuilder(URI.create(flotilla.url() + "/metrics")).GET()).body();

      java.nio.file.Path file = java.nio.file.Files.createTempFile("metrics", ".txt");
      java.nio.file.Files.writeString(file, text);
      // promtool exits 1 when the text does not parse and 3 when it only has lint findings;
      // Micrometer's JVM metrics have a few of those (e.g. system_cpu_count), ours must have none.
      Shell.Result check = Shell.run("sh", "-c", "promtool check metrics < " + file);
      String findings = check.err() + check.out();
      assertThat(check.exitCode()).as(findings).isIn(0, 3);
      assertThat(findings).doesNotContain("error while linting").doesNotContain("flotilla_");
      assertThat(text)
          .contains("flotilla_services ")
          .contains("flotilla_service_replicas_desired{service=\"metered\"} 2.0")
          .contains("flotilla_service_replicas_running{service=\"metered\"} 2.0")
          .contains("flotilla_tasks{state=\"RUNNING\"}")
          .contains("flotilla_scheduling_latency_seconds_bucket")
          .contains("flotilla_reconcile_duration_seconds_bucket")
          .contains("flotilla_node_heartbeat_age_seconds")
          .contains("flotilla_agent_container_start_seconds_bucket")
          .contains("jvm_memory_used_bytes")
          .contains("vertx_http_server_requests_total");
    } finally {
      flotilla.cli("service", "rm", "metered");
      Docker.removeServiceContainers("metered");
    }
  }

  private static void assertError(HttpResponse<String> response, int status, String mentions) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    assertThat(body.path("error").asText()).containsIgnoringCase(mentions);
  }

  private List<JsonNode> tasks(String service) {
    try {
      return flotilla.tasks(service);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private List<JsonNode> running(String service) {
    return tasks(service).stream().filter(t -> t.path("state").asText().equals("RUNNING")).toList();
  }

  private List<JsonNode> failed(String service) {
    return tasks(service).stream().filter(t -> t.path("state").asText().equals("FAILED")).toList();
  }
}
