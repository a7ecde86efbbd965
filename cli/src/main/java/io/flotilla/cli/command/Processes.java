package io.flotilla.cli.command;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.File;
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

/** Running a Flotilla process in the foreground until it is stopped, or in the background. */
final class Processes {
  private Processes() {}

  static Path defaultDataDir() {
    return DataDirectory.defaultPath();
  }

  /** Waits for the process to be up, then blocks until SIGTERM/Ctrl-C, closing Vert.x on the way out. */
  static Vertx started(Future<Vertx> starting, Path dataDir) {
    Vertx vertx;
    try {
      vertx = starting.await(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new CliException("could not start: " + e.getMessage());
    }
    try {
      Files.writeString(dataDir.resolve("flotilla.pid"), ProcessHandle.current().pid() + "\n");
    } catch (IOException e) {
      throw new CliException("cannot write " + dataDir.resolve("flotilla.pid") + ": " + e.getMessage());
    }
    return vertx;
  }

  static void blockUntilStopped(Vertx vertx) {
    CountDownLatch stopped = new CountDownLatch(1);
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

  /**
   * Starts this same program again with {@code args}, detached, logging to DATA_DIR/flotilla.log,
   * and waits until its API at {@code api} is ready.
   */
  static void startInBackground(List<String> args, Path dataDir, ApiClient api, PrintWriter out) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    List<String> jvm = ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
    int jar = jvm.indexOf("-jar");
    command.addAll(jar >= 0 ? jvm.subList(0, jar + 2) : jvm);
    command.addAll(args);
    Path log = dataDir.resolve("flotilla.log");
    try {
      Files.createDirectories(dataDir);
      new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new CliException("cannot start Flotilla in the background: " + e.getMessage());
    }
    out.println("Starting Flotilla in the background (log: " + log + ")...");
    out.flush();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      try {
        if (api.get("health").path("nodes").asInt() > 0 || api.get("health").path("status").asText().equals("ready")) {
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
    throw new CliException("Flotilla did not become ready within 90 s; see " + log);
  }
}
