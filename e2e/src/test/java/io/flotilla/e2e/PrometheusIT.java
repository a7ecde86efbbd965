package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes the manager (its API's /metrics) and the three workers (each on its
 * metrics port, 7103) of the test bed with a readonly API token, trusting the cluster CA; while a
 * service runs, every query of the Grafana dashboard in monitoring/grafana returns data through
 * Prometheus's HTTP API, and promtool finds nothing to say about any {@code flotilla_} metric of
 * any of them.
 */
class PrometheusIT extends MultiHostTestBase {
  private static final Path DASHBOARD = FlotillaProcess.ROOT.resolve("monitoring/grafana/flotilla.json");
  private static final int WORKER_METRICS_PORT = 7103;
  /** What Grafana puts for its variables: every process and node, and a rate window of several scrapes. */
  private static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "1m", "$instance", ".*",
      "$node", ".*");

  @Test
  void aRealPrometheusScrapesEveryManagerAndWorker_andEveryDashboardQueryReturnsData() throws Exception {
    String token = manager.cli("token", "create", "--role", "readonly", "prometheus").orFail().out().trim();
    assertThat(token).startsWith("FLTAPI-");
    List<String> managers = List.of(MANAGER + ":" + manager.apiPort);
    List<String> workers = testbed.hosts().stream().map(h -> h.address() + ":" + WORKER_METRICS_PORT).toList();
    HttpClient trusting = new TrustedHttp(manager.caFile(), Duration.ofSeconds(3)).client();

    // A worker's endpoint asks the managers for the token, as the API does.
    assertThat(scrape(trusting, workers.get(0), null).statusCode()).isEqualTo(401);
    assertThat(scrape(trusting, workers.get(0), "FLTAPI-1-not-a-token").statusCode()).isEqualTo(401);
    for (String target : concat(managers, workers)) {
      HttpResponse<String> metrics = scrape(trusting, target, token);
      assertThat(metrics.statusCode()).as(target).isEqualTo(200);
      assertPromtoolHasNothingToSayAboutFlotilla(target, metrics.body());
      assertThat(metrics.body()).as(target).contains("jvm_memory_used_bytes")
          .contains(managers.contains(target) ? "flotilla_nodes{" : "flotilla_agent_docker_errors_total{");
    }

    try (Prometheus prometheus = Prometheus.start(manager.caFile(), token, managers, workers)) {
      FlotillaProcess.await(Duration.ofSeconds(60), "Prometheus to scrape all 4 targets", () -> {
        List<JsonNode> targets = prometheus.targets();
        return targets.size() == 4 && targets.stream().allMatch(t -> t.path("health").asText().equals("up"));
      });

      create("metered", "--replicas", "3");
      FlotillaProcess.await(Duration.ofSeconds(60), "3 running tasks of metered", () -> running("metered").size() == 3);
      FlotillaProcess.await(Duration.ofSeconds(30), "Prometheus to have seen them run", () -> hasNumber(
          prometheus.query("max(flotilla_service_replicas_running{service=\"metered\"}) == 3")));

      JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
      assertEveryPanelUsesTheDatasourceVariable(dashboard);
      List<String> exprs = exprs(dashboard);
      assertThat(exprs).hasSizeGreaterThan(15);
      Map<String, JsonNode> failing = new LinkedHashMap<>();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(45));
      for (String expr : exprs) {
        String query = substitute(expr);
        JsonNode[] answer = new JsonNode[1];
        try {
          FlotillaProcess.await(Duration.between(Instant.now(), deadline), query, () -> hasNumber(
              answer[0] = prometheus.query(query)));
        } catch (AssertionError noData) {
          failing.put(query, answer[0]);
        }
      }
      assertThat(failing).as("dashboard queries without data").isEmpty();
      for (Map.Entry<String, String> variable : labelValuesVariables(dashboard).entrySet()) {
        JsonNode values = prometheus.labelValues(variable.getValue(), variable.getKey());
        assertThat(values.path("data").size()).as("label_values(%s, %s): %s", variable.getKey(), variable.getValue(),
            values).isPositive();
      }
    }
  }

  private HttpResponse<String> scrape(HttpClient client, String target, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://" + target + "/metrics"))
        .timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** promtool exits 3 for lint findings only; Micrometer's own metrics have a few, Flotilla's must have none. */
  private static void assertPromtoolHasNothingToSayAboutFlotilla(String target, String text) throws Exception {
    Path file = Files.createTempFile("metrics", ".txt");
    try {
      Files.writeString(file, text);
      Shell.Result check = Shell.run("sh", "-c", "promtool check metrics < " + file);
      String findings = check.err() + check.out();
      assertThat(check.exitCode()).as(target + ": " + findings).isIn(0, 3);
      assertThat(findings).as(target).doesNotContain("error while linting").doesNotContain("flotilla_");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Imports as is: every panel and every query names the dashboard's datasource variable. */
  private static void assertEveryPanelUsesTheDatasourceVariable(JsonNode dashboard) {
    JsonNode variable = dashboard.path("templating").path("list").get(0);
    assertThat(variable.path("type").asText()).isEqualTo("datasource");
    assertThat(variable.path("query").asText()).isEqualTo("prometheus");
    for (JsonNode panel : panels(dashboard)) {
      assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
          .isEqualTo("${" + variable.path("name").asText() + "}");
      panel.path("targets").forEach(t -> assertThat(t.path("datasource").path("uid").asText())
          .as(panel.path("title").asText()).isEqualTo("${" + variable.path("name").asText() + "}"));
    }
  }

  private static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        panel.path("panels").forEach(panels::add);
      } else {
        panels.add(panel);
      }
    }
    return panels;
  }

  private static List<String> exprs(JsonNode dashboard) {
    List<String> exprs = new ArrayList<>();
    for (JsonNode panel : panels(dashboard)) {
      panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
    }
    return exprs;
  }

  /** Each {@code label_values(METRIC, LABEL)} variable, as METRIC → LABEL. */
  private static Map<String, String> labelValuesVariables(JsonNode dashboard) {
    Pattern labelValues = Pattern.compile("label_values\\((\\w+), *(\\w+)\\)");
    Map<String, String> variables = new LinkedHashMap<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      Matcher m = labelValues.matcher(variable.path("query").path("query").asText());
      if (variable.path("type").asText().equals("query") && m.matches()) {
        variables.put(m.group(1), m.group(2));
      }
    }
    assertThat(variables).isNotEmpty();
    return variables;
  }

  private static String substitute(String expr) {
    String query = expr;
    for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
      query = query.replace(variable.getKey(), variable.getValue());
    }
    assertThat(query).as("a dashboard variable this test does not know, in " + expr).doesNotContain("$");
    return query;
  }

  /** A successful answer with at least one sample that is a number (a quantile of nothing is NaN). */
  private static boolean hasNumber(JsonNode answer) {
    if (answer == null || !answer.path("status").asText().equals("success")) {
      return false;
    }
    for (JsonNode series : answer.path("data").path("result")) {
      String value = series.path("value").path(1).asText();
      if (!value.isEmpty() && !value.equals("NaN")) {
        return true;
      }
    }
    return false;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
