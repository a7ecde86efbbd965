package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.e2e.testbed.Testbed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code service logs} across three hosts: one chatty service of three replicas, one on each
 * host, deployed once for the class; the host kill comes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogsIT extends MultiHostTestBase {
  private static final String SERVICE = "chatty";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** {@code chatty.2.abcdefghijkl@fl-h1 | out 17}. */
  private static final Pattern LINE = Pattern.compile("^chatty\\.(\\d)\\.([0-9a-z]{12})@(fl-h\\d) \\| (\\S.*)$");

  /** Task short id → the prefix {@code docker service logs} would show for it. */
  private final Map<String, String> prefixes = new HashMap<>();
  private TrustedHttp http;

  @BeforeAll
  void deploy() throws IOException {
    http = new TrustedHttp(manager.caFile(), Duration.ofSeconds(3));
    manager.cli("service", "create", "--name", SERVICE, "--replicas", "3", Docker.CHATTY).orFail();
    assertThat(runningPerHost(SERVICE)).containsOnly(Map.entry("fl-h1", 1), Map.entry("fl-h2", 1),
        Map.entry("fl-h3", 1));
    for (JsonNode task : running(SERVICE)) {
      String shortId = task.path("id").asText().substring(0, 12);
      prefixes.put(shortId, SERVICE + "." + task.path("slot").asInt() + "." + shortId + "@" + hostOf(task));
    }
    // Enough lines on every task for --tail to cut: 20 lines take 4 s.
    FlotillaProcess.await(Duration.ofSeconds(30), "20 lines from each task", () -> {
      Map<String, Long> perTask = perPrefix(manager.cli("service", "logs", SERVICE).out());
      return perTask.size() == 3 && perTask.values().stream().allMatch(n -> n >= 20);
    });
  }

  @AfterAll
  void removeService() {
    manager.cli("service", "rm", SERVICE);
  }

  @Test
  @Order(1)
  void logs_showEachTasksLinesWithItsPrefix_stdoutAndStderrApart() {
    Shell.Result logs = manager.cli("service", "logs", SERVICE).orFail();

    List<Matcher> out = matched(logs.out());
    List<Matcher> err = matched(logs.err());
    assertThat(out).isNotEmpty().allSatisfy(m -> assertThat(m.group(4)).matches("out \\d+"));
    assertThat(err).isNotEmpty().allSatisfy(m -> assertThat(m.group(4)).matches("err \\d+"));
    for (Matcher m : out) {
      assertThat(prefixes).containsEntry(m.group(2), "chatty." + m.group(1) + "." + m.group(2) + "@" + m.group(3));
    }
    assertThat(out.stream().map(m -> m.group(2)).distinct()).containsExactlyInAnyOrderElementsOf(prefixes.keySet());
    assertThat(err.stream().map(m -> m.group(2)).distinct()).containsExactlyInAnyOrderElementsOf(prefixes.keySet());
    // Each task's stdout from its first line on, in order.
    for (String task : prefixes.keySet()) {
      List<Integer> numbers = out.stream().filter(m -> m.group(2).equals(task))
          .map(m -> Integer.parseInt(m.group(4).substring(4))).toList();
      assertThat(numbers.get(0)).isEqualTo(1);
      assertThat(numbers).isSorted();
    }

    String withoutIds = manager.cli("service", "logs", "--no-task-ids", SERVICE).orFail().out();
    assertThat(withoutIds.lines().filter(l -> !l.isBlank()))
        .allSatisfy(l -> assertThat(l).matches("^chatty\\.\\d@fl-h\\d \\| out \\d+$"));
  }

  @Test
  @Order(2)
  void tail5_givesAtMostFiveLinesPerTask_andATaskIdGivesThatTaskOnly() {
    Shell.Result logs = manager.cli("service", "logs", "--tail", "5", SERVICE).orFail();

    Map<String, Long> perTask = perPrefix(logs.out() + logs.err());
    assertThat(perTask.keySet()).containsExactlyInAnyOrderElementsOf(prefixes.keySet());
    assertThat(perTask.values()).allSatisfy(n -> assertThat(n).isBetween(1L, 5L));

    String task = prefixes.keySet().iterator().next();
    Shell.Result one = manager.cli("service", "logs", "--tail", "3", task).orFail();
    assertThat(perPrefix(one.out() + one.err())).containsOnlyKeys(task);
  }

  @Test
  @Order(3)
  void since_leavesOutTheLinesBefore() {
    Shell.Result all = manager.cli("service", "logs", "-t", SERVICE).orFail();
    List<Instant> times = matched(all.out()).stream().map(m -> Instant.parse(m.group(4).split(" ")[0])).sorted()
        .toList();
    Instant cut = times.get(times.size() / 2);

    Shell.Result since = manager.cli("service", "logs", "-t", "--since", cut.toString(), SERVICE).orFail();
    List<Instant> after = matched(since.out()).stream().map(m -> Instant.parse(m.group(4).split(" ")[0])).toList();
    assertThat(after).isNotEmpty().allSatisfy(t -> assertThat(t).isAfterOrEqualTo(cut));
    assertThat(since.out()).doesNotContain("| " + times.get(0) + " ");

    Shell.Result recent = manager.cli("service", "logs", "--since", "2s", SERVICE).orFail();
    assertThat(matched(recent.out())).isNotEmpty().noneMatch(m -> m.group(4).equals("out 1"));
  }

  @Test
  @Order(4)
  void follow_streamsLinesWrittenAfterItStarted() throws Exception {
    try (LogStream stream = follow()) {
      FlotillaProcess.await(Duration.ofSeconds(20), "new lines from every task", () ->
          stream.records().stream().map(r -> r.path("task").asText()).filter(t -> !t.isEmpty())
              .map(t -> t.substring(0, 12)).collect(Collectors.toSet()).containsAll(prefixes.keySet()));
      List<Long> latencies = new ArrayList<>();
      for (JsonNode record : stream.records().stream().filter(r -> r.has("time")).toList()) {
        Instant written = Instant.parse(record.path("time").asText());
        assertThat(written).isAfterOrEqualTo(stream.started.minusSeconds(1));
        latencies.add(Duration.between(written, Instant.parse(record.path("receivedAt").asText())).toMillis());
      }
      Collections.sort(latencies);
      System.out.printf("service logs -f: %d lines, latency from the container's write to the reader: median %d ms, "
          + "max %d ms%n", latencies.size(), latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));
    }
  }

  @Test
  @Order(5)
  void badOptionsAndUnknownServices_areClearErrors() throws IOException {
    HttpResponse<String> unknown = manager.send(HttpRequest.newBuilder(URI.create(manager.url()
        + "/v1/services/nosuch/logs")).GET());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("no such service: nosuch");

    HttpResponse<String> since = manager.send(HttpRequest.newBuilder(URI.create(manager.url()
        + "/v1/services/" + SERVICE + "/logs?since=yesterday")).GET());
    assertThat(since.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(since.body()).path("error").asText()).startsWith("since: ").contains("'yesterday'");

    HttpResponse<String> tail = manager.send(HttpRequest.newBuilder(URI.create(manager.url()
        + "/v1/tasks/nosuch/logs?tail=-3")).GET());
    assertThat(tail.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(tail.body()).path("error").asText()).startsWith("tail: ");

    assertThat(manager.cli("service", "logs", "nosuch").err()).contains("no such service or task: nosuch");
  }

  @Test
  @Order(6)
  void killingAHostMidStream_aNoticeNamesIt_whileTheOtherTasksLinesKeepComing() throws Exception {
    Testbed.Host victim = hostNamed("fl-h3");
    try (LogStream stream = follow()) {
      FlotillaProcess.await(Duration.ofSeconds(20), "lines from every host", () -> stream.hosts().size() == 3);

      Instant killed = Instant.now();
      victim.kill();
      FlotillaProcess.await(Duration.ofSeconds(20), "a notice naming " + victim.name(), () -> stream.records().stream()
          .anyMatch(r -> r.path("stream").asText().equals("notice") && r.path("line").asText().contains(victim.name())));
      JsonNode notice = stream.records().stream().filter(r -> r.path("stream").asText().equals("notice")).findFirst()
          .orElseThrow();
      System.out.printf("host killed mid-stream: notice after %d ms: %s%n",
          Duration.between(killed, Instant.parse(notice.path("receivedAt").asText())).toMillis(),
          notice.path("line").asText());
      assertThat(notice.path("node").asText()).isEqualTo(victim.name());
      assertThat(notice.path("line").asText()).contains(victim.name() + " (" + victim.address() + ")");

      int seen = stream.records().size();
      FlotillaProcess.await(Duration.ofSeconds(10), "lines from fl-h1 and fl-h2 after the notice", () -> {
        List<JsonNode> later = stream.records().subList(seen, stream.records().size());
        return later.stream().anyMatch(r -> r.path("node").asText().equals("fl-h1"))
            && later.stream().anyMatch(r -> r.path("node").asText().equals("fl-h2"));
      });
    }

    FlotillaProcess.await(Duration.ofSeconds(30), victim.name() + " DOWN", () -> nodeState(victim.name()).equals("DOWN"));
    Shell.Result afterwards = manager.cli("service", "logs", "--tail", "2", SERVICE).orFail();
    assertThat(afterwards.err()).contains("notice: node " + victim.name() + " (" + victim.address() + ") is down");
    assertThat(perPrefix(afterwards.out() + afterwards.err())).isNotEmpty();

    victim.revive();
    restartAgent(victim);
    FlotillaProcess.await(Duration.ofSeconds(60), victim.name() + " READY", () -> nodeState(victim.name()).equals("READY"));
  }

  // ---- helpers

  private static List<Matcher> matched(String text) {
    List<Matcher> lines = new ArrayList<>();
    for (String line : text.lines().filter(l -> !l.isBlank() && !l.startsWith("notice: ")).toList()) {
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as("a line with docker service logs' prefix: %s", line).isTrue();
      lines.add(m);
    }
    return lines;
  }

  private static Map<String, Long> perPrefix(String text) {
    return text.lines().map(LINE::matcher).filter(Matcher::matches)
        .collect(Collectors.groupingBy(m -> m.group(2), Collectors.counting()));
  }

  /** {@code GET /v1/services/chatty/logs?follow=true&tail=0&timestamps=true}, read on a thread of its own. */
  private LogStream follow() throws IOException, InterruptedException {
    HttpResponse<InputStream> response = http.client().send(HttpRequest.newBuilder(URI.create(manager.url()
                + "/v1/services/" + SERVICE + "/logs?follow=true&tail=0&timestamps=true"))
            .header("authorization", "Bearer " + manager.adminToken()).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/x-ndjson");
    return new LogStream(response.body());
  }

  /** The records of a followed log as they arrive, each stamped with {@code receivedAt}. */
  private static final class LogStream implements AutoCloseable {
    final Instant started = Instant.now();
    private final InputStream body;
    private final List<JsonNode> records = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    LogStream(InputStream body) {
      this.body = body;
      this.reader = new Thread(() -> {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
          String line;
          while ((line = lines.readLine()) != null) {
            com.fasterxml.jackson.databind.node.ObjectNode record =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line);
            record.put("receivedAt", Instant.now().toString());
            records.add(record);
          }
        } catch (IOException closed) {
          // the test closed the stream
        }
      }, "logs-reader");
      reader.setDaemon(true);
      reader.start();
    }

    List<JsonNode> records() {
      synchronized (records) {
        return List.copyOf(records);
      }
    }

    java.util.Set<String> hosts() {
      return records().stream().filter(r -> !r.path("stream").asText().equals("notice"))
          .map(r -> r.path("node").asText()).collect(Collectors.toSet());
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }
}
