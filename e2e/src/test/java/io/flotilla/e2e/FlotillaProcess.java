package io.flotilla.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A real all-in-one Flotilla started through {@code bin/flotilla up}, as a user would, with
 * its own API port and data directory; plus the CLI and raw HTTP to talk to it, both with the
 * admin API token it wrote in its data directory.
 */
final class FlotillaProcess implements AutoCloseable {
  static final Path ROOT = Path.of(System.getProperty("flotilla.root", "..")).toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  final int apiPort;
  final int raftPort;
  final int busPort;
  final Path dataDir;
  final Path log;
  private final TrustedHttp http;
  private Process process;

  FlotillaProcess() throws IOException {
    try (ServerSocket api = new ServerSocket(0); ServerSocket raft = new ServerSocket(0);
        ServerSocket bus = new ServerSocket(0)) {
      apiPort = api.getLocalPort();
      raftPort = raft.getLocalPort();
      busPort = bus.getLocalPort();
    }
    dataDir = Files.createTempDirectory("flotilla-e2e");
    // Logs outlive the data directory: they are what to read when a test failed.
    Files.createDirectories(Path.of("target", "logs"));
    log = Path.of("target", "logs", "flotilla-" + apiPort + ".log").toAbsolutePath();
    http = new TrustedHttp(dataDir.resolve("tls").resolve("ca.pem"), Duration.ofSeconds(3));
  }

  String url() {
    return "https://127.0.0.1:" + apiPort;
  }

  /** The cluster CA's certificate, which the CLI and these clients trust the API through. */
  Path caFile() {
    return http.caFile();
  }

  /** Starts {@code bin/flotilla up} and returns how long until the API was ready. */
  Duration start() throws IOException {
    return start(List.of("up"), true);
  }

  /** Starts {@code bin/flotilla init} as the first manager of a multi-host cluster. */
  Duration init(String advertiseAddress, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("init", "--advertise-addr", advertiseAddress));
    args.addAll(List.of(more));
    return start(args, false);
  }

  private Duration start(List<String> verb, boolean withNode) throws IOException {
    Instant began = Instant.now();
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("bin/flotilla").toString());
    command.addAll(verb);
    command.addAll(List.of("--api-port", String.valueOf(apiPort), "--raft-port", String.valueOf(raftPort),
        "--bus-port", String.valueOf(busPort), "--data-dir", dataDir.toString()));
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    await(Duration.ofSeconds(60), "the API to be ready (log: " + log + ")", () -> {
      if (!process.isAlive()) {
        throw new AssertionError("flotilla up exited with " + process.exitValue() + ":\n" + readLog());
      }
      try {
        return status("/health") == 200 && (!withNode || get("/health").path("nodes").asInt() > 0);
      } catch (IOException e) {
        return false;
      }
    });
    return Duration.between(began, Instant.now());
  }

  /** The JVM's process id (bin/flotilla execs java). */
  long pid() {
    return process.pid();
  }

  /** kill -9 of the JVM (bin/flotilla execs java, so the process is the JVM). */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  String readLog() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** The admin API token a cluster's first manager wrote in its data directory, once it has. */
  static Optional<String> adminToken(Path dataDir) {
    try {
      Path file = dataDir.resolve("admin-token");
      return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  String adminToken() {
    return adminToken(dataDir).orElseThrow(() -> new AssertionError("no admin token in " + dataDir));
  }

  /** Runs {@code bin/flotilla ARGS} against this instance, as its admin (FLOTILLA_HOST, FLOTILLA_TOKEN). */
  Shell.Result cli(String... args) {
    return cli(java.util.Map.of(), args);
  }

  /** As {@link #cli(String...)}, with more environment variables (e.g. DOCKER_CONFIG). */
  Shell.Result cli(java.util.Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add("env");
    env.forEach((k, v) -> command.add(k + "=" + v));
    command.add("FLOTILLA_HOST=" + url());
    command.add("FLOTILLA_CA=" + caFile());
    adminToken(dataDir).ifPresent(token -> command.add("FLOTILLA_TOKEN=" + token));
    command.add(ROOT.resolve("bin/flotilla").toString());
    command.addAll(List.of(args));
    return Shell.run(command);
  }

  JsonNode get(String path) throws IOException {
    return JSON.readTree(send(HttpRequest.newBuilder(URI.create(url() + path)).GET()).body());
  }

  int status(String path) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(url() + path)).GET()).statusCode();
  }

  /** Sends with the admin token, once there is one. */
  HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    return send(request, adminToken(dataDir).orElse(null));
  }

  /** Sends with {@code token} as the bearer, or with no token when it is null. */
  HttpResponse<String> send(HttpRequest.Builder request, String token) throws IOException {
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    try {
      return http.client().send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Follows a streaming GET (server-sent events), handing each line to {@code onLine}; cancel the future to stop. */
  java.util.concurrent.CompletableFuture<Void> streamLines(String path, java.util.function.Consumer<String> onLine)
      throws IOException {
    return http.client().sendAsync(HttpRequest.newBuilder(URI.create(url() + path))
            .header("authorization", "Bearer " + adminToken()).build(),
        HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> response.body().forEach(onLine));
  }

  /** {@code method path} with {@code body} (null for none) sent as JSON; {@code path} is already URL-encoded. */
  HttpResponse<String> send(String method, String path, byte[] body) throws IOException {
    return send(request(method, path, body));
  }

  HttpRequest.Builder request(String method, String path, byte[] body) {
    return HttpRequest.newBuilder(URI.create(url() + path)).header("content-type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
  }

  HttpResponse<String> post(String path, String body) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(url() + path)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> patch(String path, String body) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(url() + path)).header("content-type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> delete(String path) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(url() + path)).DELETE());
  }

  List<JsonNode> tasks(String service) throws IOException {
    List<JsonNode> tasks = new ArrayList<>();
    get("/v1/tasks?service=" + service).forEach(tasks::add);
    return tasks;
  }

  static void await(Duration timeout, String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Stops the process and deletes its data directory; the log stays in target/logs. */
  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    Shell.run("rm", "-rf", dataDir.toString());
  }
}
