package io.flotilla.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Prometheus server (Debian's {@code /usr/bin/prometheus}, installed by
 * bin/lib/prerequisites.sh) on a free loopback port with its own storage, scraping Flotilla's
 * managers (their API) and workers (their metrics port) every second over HTTPS, trusting the
 * cluster CA and sending an API token; asked through its HTTP API.
 */
final class Prometheus implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final int port;
  private final Process process;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Prometheus(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Starts Prometheus with one job for {@code managers} and one for {@code workers} (HOST:PORT each). */
  static Prometheus start(Path caFile, String token, List<String> managers, List<String> workers) throws IOException {
    if (!Files.isExecutable(Path.of("/usr/bin/prometheus"))) {
      throw new AssertionError("no /usr/bin/prometheus: bin/lib/prerequisites.sh installs the Debian package "
          + "'prometheus'");
    }
    Path dir = Files.createTempDirectory("flotilla-prometheus");
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, token + "\n");
    Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "  evaluation_interval: 1s",
        "scrape_configs:",
        job("flotilla-managers", caFile, tokenFile, managers),
        job("flotilla-workers", caFile, tokenFile, workers)) + "\n");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Files.createDirectories(Path.of("target", "logs"));
    Process process = new ProcessBuilder("/usr/bin/prometheus",
        "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn")
        .redirectErrorStream(true)
        .redirectOutput(Path.of("target", "logs", "prometheus-" + port + ".log").toAbsolutePath().toFile())
        .start();
    return new Prometheus(dir, port, process);
  }

  private static String job(String name, Path caFile, Path tokenFile, List<String> targets) {
    return String.join("\n",
        "  - job_name: " + name,
        "    scheme: https",
        "    tls_config:",
        "      ca_file: " + caFile,
        "    authorization:",
        "      credentials_file: " + tokenFile,
        "    static_configs:",
        "      - targets: [" + targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")) + "]");
  }

  /** {@code /api/v1/targets}' active targets: scrape URL, health ("up", "down", "unknown") and last error. */
  List<JsonNode> targets() {
    JsonNode answer = get("/api/v1/targets?state=active");
    return answer == null ? List.of() : List.copyOf(iterable(answer.path("data").path("activeTargets")));
  }

  /** The whole answer of an instant query: {@code status}, {@code data.result} or {@code error}. */
  JsonNode query(String expr) {
    return get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
  }

  /** The values of {@code label} on the series of {@code metric}, as Grafana's {@code label_values()} asks. */
  JsonNode labelValues(String label, String metric) {
    return get("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(metric, StandardCharsets.UTF_8));
  }

  private JsonNode get(String pathAndQuery) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static List<JsonNode> iterable(JsonNode array) {
    List<JsonNode> list = new java.util.ArrayList<>();
    array.forEach(list::add);
    return list;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    Shell.run("rm", "-rf", dir.toString());
  }
}
