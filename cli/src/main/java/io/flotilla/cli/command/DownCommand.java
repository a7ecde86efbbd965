package io.flotilla.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flotilla down}: stops a Flotilla started with {@code up --detach}. Containers keep running. */
@Command(name = "down", description = {"Stop the Flotilla process started by 'up --detach'.",
    "Services and their containers are kept; the next 'up' adopts them."})
public final class DownCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(names = "--data-dir", description = "Data directory of the running Flotilla (default ~/.flotilla)")
  Path dataDir;

  @Override
  public void run() {
    Path pidFile = (dataDir != null ? dataDir : Processes.defaultDataDir()).resolve("flotilla.pid");
    Optional<ProcessHandle> process;
    try {
      process = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException | NumberFormatException e) {
      throw new CliException("no running Flotilla found (" + pidFile + " is missing)");
    }
    if (process.isEmpty() || !process.get().isAlive()) {
      spec.commandLine().getOut().println("Flotilla is not running");
      return;
    }
    process.get().destroy();
    try {
      process.get().onExit().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new CliException("Flotilla did not stop within 20 s (pid " + process.get().pid() + ")");
    }
    spec.commandLine().getOut().println("Flotilla stopped");
  }
}
