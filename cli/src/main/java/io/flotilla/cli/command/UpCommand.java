package io.flotilla.cli.command;

import io.flotilla.cli.launch.AllInOne;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flotilla up}: the all-in-one cluster on the local Docker engine. */
@Command(name = "up", description = {
    "Start the all-in-one cluster: a manager and an agent for the local Docker engine, in one process.",
    "Runs in the foreground (Ctrl-C stops it) unless --detach is given."},
    footer = {"", "The agent drives the engine that DOCKER_HOST names (default unix:///var/run/docker.sock).",
        "Containers keep running when Flotilla stops; the next 'up' adopts them."})
public final class UpCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(names = "--api-port", description = "Port of the HTTP API (default: $FLOTILLA_API_PORT or 7100)")
  Integer apiPort;

  @Option(names = "--api-host", description = "Address the API listens on (default 127.0.0.1)")
  String apiHost = "127.0.0.1";

  @Option(names = "--data-dir", description = "Where state is kept (default ~/.flotilla)")
  Path dataDir;

  @Option(names = {"-d", "--detach"}, description = "Run in the background; logs go to DATA_DIR/flotilla.log")
  boolean detach;

  static Path defaultDataDir() {
    return Path.of(System.getProperty("user.home"), ".flotilla");
  }

  @Override
  public void run() {
    Path data = dataDir != null ? dataDir : defaultDataDir();
    int port = apiPort != null ? apiPort
        : Integer.parseInt(System.getenv().getOrDefault("FLOTILLA_API_PORT", "7100"));
    PrintWriter out = spec.commandLine().getOut();
    if (detach) {
      startInBackground(data, port, out);
      return;
    }
    String dockerHost = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
    CountDownLatch stopped = new CountDownLatch(1);
    Vertx vertx;
    try {
      vertx = AllInOne.start(new AllInOne.Options(data, apiHost, port, dockerHost))
          .await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new CliException("could not start Flotilla: " + e.getMessage());
    }
    writePid(data);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
      stopped.countDown();
    }, "flotilla-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void writePid(Path data) {
    try {
      Files.writeString(data.resolve("flotilla.pid"), ProcessHandle.current().pid() + "\n");
    } catch (IOException e) {
      throw new CliException("cannot write " + data.resolve("flotilla.pid") + ": " + e.getMessage());
    }
  }

  private void startInBackground(Path data, int port, PrintWriter out) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ProcessHandle.current().info().arguments().map(List::of).orElse(List.of()).stream()
        .takeWhile(a -> !a.equals("up")).toList());
    command.addAll(List.of("up", "--api-port", String.valueOf(port), "--api-host", apiHost,
        "--data-dir", data.toString()));
    try {
      Files.createDirectories(data);
      Path log = data.resolve("flotilla.log");
      new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      out.println("Starting Flotilla in the background (log: " + log + ")...");
      out.flush();
    } catch (IOException e) {
      throw new CliException("cannot start Flotilla in the background: " + e.getMessage());
    }
    ApiClient api = new ApiClient("http://" + apiHost + ":" + port);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      try {
        if (api.get("health").path("nodes").asInt() > 0) {
          out.println("Flotilla is up: API on http://" + apiHost + ":" + port);
          out.flush();
          return;
        }
      } catch (CliException notYet) {
        // keep waiting
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new CliException("Flotilla did not become ready within 60 s; see " + data.resolve("flotilla.log"));
  }
}
