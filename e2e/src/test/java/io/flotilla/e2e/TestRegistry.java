package io.flotilla.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A real image registry (Debian's {@code docker-registry}, Docker's distribution) with htpasswd
 * (bcrypt) auth, for the test bed. It listens twice on one storage: on the bridge's root side
 * ({@link #ADDRESS}, where the test hosts' engines pull, trusting it by hosts.sh's
 * {@code --insecure-registry}) and on loopback, where the machine's own engine pushes (an engine
 * trusts a loopback registry without a flag, so the main dockerd needs no restart). {@link
 * #login} writes a Docker config file, as {@code docker login} would.
 */
final class TestRegistry implements AutoCloseable {
  static final String ADDRESS = SharedCluster.MANAGER;
  static final String USER = "fleet";
  static final String PASSWORD = "s3cret-" + Long.toHexString(System.nanoTime());

  private final Path dir;
  private final List<Process> processes;
  final String pullHost;
  final String pushHost;

  private TestRegistry(Path dir, List<Process> processes, String pullHost, String pushHost) {
    this.dir = dir;
    this.processes = processes;
    this.pullHost = pullHost;
    this.pushHost = pushHost;
  }

  static TestRegistry start() throws IOException {
    Path dir = Files.createTempDirectory("flotilla-registry");
    Path htpasswd = dir.resolve("htpasswd");
    Shell.Result hashed = Shell.run("htpasswd", "-Bbn", USER, PASSWORD).orFail();
    Files.writeString(htpasswd, hashed.out());
    Files.createDirectories(dir.resolve("storage"));
    int pullPort = freePort();
    int pushPort = freePort();
    Process pull = registry(dir, "pull", ADDRESS + ":" + pullPort, htpasswd);
    Process push = registry(dir, "push", "127.0.0.1:" + pushPort, htpasswd);
    TestRegistry registry = new TestRegistry(dir, List.of(pull, push), ADDRESS + ":" + pullPort,
        "127.0.0.1:" + pushPort);
    for (String host : List.of(registry.pullHost, registry.pushHost)) {
      FlotillaProcess.await(Duration.ofSeconds(20), "the registry at " + host, () ->
          Shell.run("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://" + host + "/v2/").out()
              .equals("401"));
    }
    return registry;
  }

  private static Process registry(Path dir, String name, String addr, Path htpasswd) throws IOException {
    Path config = dir.resolve(name + ".yml");
    Files.writeString(config, """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: %s
        http:
          addr: %s
        auth:
          htpasswd:
            realm: flotilla-test
            path: %s
        """.formatted(dir.resolve("storage"), addr, htpasswd));
    return new ProcessBuilder("docker-registry", "serve", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A Docker config directory ({@code DOCKER_CONFIG}) whose config.json holds this registry's credentials. */
  Path login() throws IOException {
    Path config = Files.createDirectories(dir.resolve("docker-config"));
    String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    Files.writeString(config.resolve("config.json"), """
        {"auths": {"%s": {"auth": "%s"}, "%s": {"auth": "%s"}}}
        """.formatted(pullHost, auth, pushHost, auth));
    return config;
  }

  /**
   * Pushes {@code localImage} of the machine's engine as {@code repository:tag} and answers the
   * reference the test hosts pull, removing the pushed tag again from the local engine.
   */
  String push(Path dockerConfig, String localImage, String repositoryAndTag) {
    String pushed = pushHost + "/" + repositoryAndTag;
    Shell.run("docker", "tag", localImage, pushed).orFail();
    Shell.run("env", "DOCKER_CONFIG=" + dockerConfig, "docker", "push", pushed).orFail();
    Shell.run("docker", "rmi", pushed);
    return pullHost + "/" + repositoryAndTag;
  }

  @Override
  public void close() {
    processes.forEach(Process::destroy);
  }
}
