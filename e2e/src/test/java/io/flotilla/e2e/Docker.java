package io.flotilla.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The real Docker engine, through the docker CLI: test images built from the host's static
 * busybox, and what the engine really runs.
 */
final class Docker {
  static final String WEB = "flotilla-test/web:1";
  static final String WEB_2 = "flotilla-test/web:2";
  static final String CRASH = "flotilla-test/crash:1";
  static final String EXIT0 = "flotilla-test/exit0:1";
  /** "out N" on stdout every 0.2 s, "err N" on stderr every fifth line. */
  static final String CHATTY = "flotilla-test/chatty:1";

  private Docker() {}

  static void requireEngine() {
    Shell.Result info = Shell.run("docker", "info", "--format", "{{.ServerVersion}}");
    if (info.exitCode() != 0) {
      throw new AssertionError("These tests need a Docker engine (DOCKER_HOST or /var/run/docker.sock); "
          + "run them through bin/test, which starts one. docker info said: " + info.err().trim());
    }
  }

  /** Builds the test images with testbed/build-images.sh (the benchmarks use the same script). */
  static synchronized void buildTestImages() {
    requireEngine();
    if (!Files.isExecutable(Path.of("/bin/busybox"))) {
      throw new AssertionError("/bin/busybox is missing: install busybox-static (bin/test does)");
    }
    Shell.run(FlotillaProcess.ROOT.resolve("testbed/build-images.sh").toString()).orFail();
  }

  /** Ids of the running containers of a Flotilla service. */
  static List<String> runningContainers(String serviceName) {
    String out = Shell.run("docker", "ps", "-q", "--no-trunc", "--filter", "label=flotilla.service.name=" + serviceName)
        .orFail().out().trim();
    return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\s+"));
  }

  /** Ids of all containers, running or not, of a Flotilla service. */
  static List<String> allContainers(String serviceName) {
    String out = Shell.run("docker", "ps", "-aq", "--no-trunc", "--filter", "label=flotilla.service.name=" + serviceName)
        .orFail().out().trim();
    return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\s+"));
  }

  static void kill(String containerId) {
    Shell.run("docker", "kill", containerId).orFail();
  }

  static void removeServiceContainers(String serviceName) {
    for (String id : allContainers(serviceName)) {
      Shell.run("docker", "rm", "-f", id);
    }
  }
}
