package io.flotilla.e2e;

import io.flotilla.e2e.testbed.Testbed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The node agent of a test-bed host run as production runs it: the agent image
 * ({@code docker/agent/build.sh}) as container {@value #NAME} on the host's own engine, with the
 * README's options (host network, so it lives in the host's namespace; the host's UTS namespace,
 * so the node is named after the host; the engine's socket; NET_ADMIN for the overlay; restart
 * unless stopped). Being in the host's cgroup parent, it dies with a killed host; the revived
 * engine may start it again by its restart policy, and {@link #ensureRunning} makes sure. Its data directory is bind-mounted at the same
 * path, so tests read the node's certificates where they are, and so is the tmpfs directory it
 * writes its tasks' secrets and configs in (the engine bind-mounts them from the host); its output is appended to a log
 * file of the host's filesystem, bind-mounted too, so it survives the host's death.
 */
final class AgentContainer {
  static final String IMAGE = System.getProperty("flotilla.agentImage", "flotilla/agent:latest");
  static final String NAME = "flotilla-agent";
  private static final String LOG_INSIDE = "/var/log/flotilla-agent.log";

  private AgentContainer() {}

  /** Builds (or finds up to date) the agent image from the clone's jar, printing the script's progress. */
  static synchronized void buildImage() {
    Docker.requireEngine();
    Path jar = FlotillaProcess.ROOT.resolve("cli/target/flotilla.jar");
    Shell.Result built = Shell.run(FlotillaProcess.ROOT.resolve("docker/agent/build.sh").toString(),
        "--jar", jar.toString(), "--tag", IMAGE);
    System.err.print(built.err());
    built.orFail();
  }

  /**
   * Makes sure the agent container of {@code host} runs: starts it when the host's engine has
   * it already (a revived host whose engine did not restart it yet), else creates it with
   * {@code joinArgs} after {@code flotilla}.
   */
  static void ensureRunning(Testbed.Host host, Path dataDir, Path secretsDir, Path log, String javaOptions,
      List<String> joinArgs) throws IOException {
    if (host.docker("container", "inspect", NAME).exitCode() == 0) {
      host.docker("start", NAME).orFail();
      return;
    }
    Files.createDirectories(dataDir);
    Files.createDirectories(secretsDir);
    Files.createDirectories(log.getParent());
    if (!Files.exists(log)) {
      Files.createFile(log);
    }
    List<String> run = new ArrayList<>(List.of("run", "-d", "--name", NAME,
        "--network", "host", "--uts", "host", "--restart", "unless-stopped", "--cap-add", "NET_ADMIN",
        "-v", host.dockerHost().substring("unix://".length()) + ":/var/run/docker.sock",
        "-v", dataDir + ":" + dataDir,
        "-v", secretsDir + ":" + secretsDir,
        "-v", log + ":" + LOG_INSIDE,
        "-e", "FLOTILLA_JAVA_OPTS=" + javaOptions,
        // The image's entrypoint, with its output sent to the bind-mounted log.
        "--entrypoint", "/bin/sh", IMAGE, "-c", "exec flotilla \"$@\" >>" + LOG_INSIDE + " 2>&1", "flotilla"));
    run.addAll(joinArgs);
    host.docker(run.toArray(String[]::new)).orFail();
  }

  /** The agent container's id on {@code host}. */
  static String id(Testbed.Host host) {
    return host.docker("container", "inspect", "-f", "{{.Id}}", NAME).orFail().out().strip();
  }

  /** When the agent container last started, and whether it runs, as Docker says: {@code 2026-...Z true}. */
  static String startedAndRunning(Testbed.Host host) {
    return host.docker("container", "inspect", "-f", "{{.State.StartedAt}} {{.State.Running}}", NAME)
        .orFail().out().strip();
  }
}
