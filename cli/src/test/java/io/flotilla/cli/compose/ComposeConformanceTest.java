package io.flotilla.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flotilla.gateway.compose.ComposeFile;
import io.flotilla.gateway.compose.StackSpec;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.PortConfig;
import io.flotilla.model.ServiceMode;
import io.flotilla.model.ServiceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1 of issue 12: every compose file of {@code compose-corpus/} is loaded by our loader and read by
 * the manager's {@link ComposeFile#parse}, and compared with what {@code docker stack config} (Docker's own
 * stack loader, offline) makes of it, service by service: image, replicas, published ports, environment,
 * command (Compose {@code entrypoint}) and args (Compose {@code command}). A difference is either fixed or
 * named below in {@link #KNOWN_DIFFERENCES} with its reason (README: "Compose: where Flotilla differs from
 * docker stack"), so that a new one fails the test.
 *
 * <p>A case is a directory: {@code compose.yml}, or the files listed in {@code case.properties}
 * ({@code files=a.yml,b.yml}, {@code profiles=x,y}, {@code envFiles=f.env}, {@code env.NAME=value} for the
 * environment of both loaders). Docker's stack loader does not read {@code .env} (docker/cli#939), so docker
 * gets the variables our loader read from {@code .env}/{@code --env-file} in its environment.
 */
class ComposeConformanceTest {
  private static final Path DOCKER = Path.of("/usr/local/bin/docker");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String STACK = "corpus";

  /** Case/service.field → why Flotilla deliberately differs from docker stack. Keep README's list in step. */
  static final Map<String, String> KNOWN_DIFFERENCES = Map.of(
      "env-file-quotes/app.env", "Compose strips the quotes of an env_file value (KEY=\"a b\" is a b); docker"
          + " stack keeps them as part of the value. Flotilla follows Compose.");

  /**
   * Case → the start of the error docker stack config gives: Compose features Docker's stack loader does not
   * read. For these, docker is compared on the document our loader resolved instead.
   */
  static final Map<String, String> DOCKER_REJECTS = Map.ofEntries( // (docker names one service of several at random)
      Map.entry("top-level-name", "(root) Additional property name is not allowed"),
      Map.entry("include-shared-db", "(root) Additional property include is not allowed"),
      Map.entry("extends-same-file", "Configuration contains forbidden properties"),
      Map.entry("extends-other-file", "Configuration contains forbidden properties"),
      Map.entry("nested-defaults", "invalid interpolation format for services.app.environment."),
      Map.entry("profiles-debug", "Additional property profiles is not allowed"),
      Map.entry("profiles-env", "Additional property profiles is not allowed"));

  /**
   * Case → what the manager says today when it refuses the file. Each goes away when its feature lands:
   * then this entry fails, and the case joins the compared ones.
   */
  static final Map<String, String> SERVER_REJECTS = Map.of(
      // until node.platform.* placement constraints land (not part of issue 12)
      "gitlab-runner-like", "services.runner.deploy.placement.constraints[0]: unknown key 'node.platform.os'",
      // a build-only service deploys only with --build (ImageDistributionIT); without it, the refusal says to add it
      "build-only-app", "services.app.image: is required",
      "build-only-monorepo", "services.api.image: is required");

  private static final List<String> CASES = cases();

  @TempDir static Path temp;

  @BeforeAll
  static void dockerIsThere() {
    if (!Files.isExecutable(DOCKER)) {
      fail("the compose-conformance test needs Docker's CLI at " + DOCKER + " (its docker stack config is the"
          + " reference: a Docker CLI that has docker stack config, Docker 28 on the test bed; it needs no daemon)");
    }
  }

  @Test
  void theCorpusHasAtLeastFortyFiles() {
    assertThat(CASES).hasSizeGreaterThanOrEqualTo(40);
    assertThat(CASES).containsAll(KNOWN_DIFFERENCES.keySet().stream().map(k -> k.substring(0, k.indexOf('/')))
        .toList()).containsAll(DOCKER_REJECTS.keySet()).containsAll(SERVER_REJECTS.keySet());
  }

  @TestFactory
  Stream<DynamicTest> eachCaseReadsAsDockerStackReadsIt() {
    return CASES.stream().map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
  }

  private static void check(String name) throws Exception {
    Path dir = corpus().resolve(name);
    Properties props = properties(dir);
    List<String> files = List.of(props.getProperty("files", "compose.yml").split(","));
    Map<String, String> env = environment(props);
    ComposeLoader.Request request = new ComposeLoader.Request(files.stream().map(dir::resolve).toList(),
        list(props, "envFiles").stream().map(dir::resolve).toList(), list(props, "profiles"), env);
    ComposeLoader.Result loaded = ComposeLoader.load(request, FileReader.DISK);

    if (SERVER_REJECTS.containsKey(name)) {
      assertThatThrownBy(() -> parse(loaded)).isInstanceOf(InvalidSpecException.class)
          .hasMessageContaining(SERVER_REJECTS.get(name));
      return;
    }
    Map<String, Service> ours = new TreeMap<>();
    for (ServiceSpec spec : parse(loaded).services()) {
      ours.put(spec.name().substring(STACK.length() + 1), Service.of(spec));
    }

    Map<String, String> dockerEnv = new HashMap<>(env);
    dockerEnv.putAll(variablesFromFiles(request));
    Docker docker = docker(dir, files, dockerEnv);
    if (DOCKER_REJECTS.containsKey(name)) {
      assertThat(docker.exit).as("docker stack config refuses %s: %s", name, docker.err).isNotZero();
      assertThat(docker.err).contains(DOCKER_REJECTS.get(name));
      Path resolved = Files.createTempDirectory(temp, name).resolve("resolved.yml");
      Files.writeString(resolved, loaded.yaml());
      docker = docker(resolved.getParent(), List.of("resolved.yml"), dockerEnv);
    }
    assertThat(docker.exit).as("docker stack config on %s: %s", name, docker.err).isZero();
    Map<String, Service> theirs = new TreeMap<>();
    YAML.readTree(docker.out).path("services").fields()
        .forEachRemaining(e -> theirs.put(e.getKey(), Service.of(e.getValue())));

    assertThat(ours.keySet()).as("services of %s", name).isEqualTo(theirs.keySet());
    Map<String, String> differences = new TreeMap<>();
    theirs.forEach((service, docker1) -> docker1.differences(ours.get(service)).forEach((field, what) ->
        differences.put(name + "/" + service + "." + field, what)));
    Map<String, String> expected = new TreeMap<>();
    KNOWN_DIFFERENCES.keySet().stream().filter(k -> k.startsWith(name + "/"))
        .forEach(k -> expected.put(k, KNOWN_DIFFERENCES.get(k)));
    assertThat(differences.keySet()).as("differences from docker stack config (docker vs flotilla): %s",
        differences).isEqualTo(expected.keySet());
  }

  private static StackSpec parse(ComposeLoader.Result loaded) {
    return ComposeFile.parse(STACK, loaded.yaml(), path -> Optional.empty());
  }

  /** What both sides are compared on. */
  record Service(String image, String replicas, List<String> ports, Map<String, String> env, List<String> command,
      List<String> args) {

    static Service of(ServiceSpec spec) {
      List<String> ports = new ArrayList<>();
      for (PortConfig p : spec.ports()) {
        ports.add(p.target() + "/" + p.published() + "/" + p.protocol().json() + "/" + p.mode().json());
      }
      return new Service(spec.image(), spec.mode() == ServiceMode.GLOBAL ? "global" : String.valueOf(spec.replicas()),
          sorted(ports), new TreeMap<>(spec.env()), spec.command(), spec.args());
    }

    /** From docker stack config's output: long-syntax ports, environment as a mapping, commands as lists. */
    static Service of(JsonNode service) {
      JsonNode deploy = service.path("deploy");
      String replicas = "global".equals(deploy.path("mode").asText()) ? "global"
          : deploy.path("replicas").asText("1");
      List<String> ports = new ArrayList<>();
      service.path("ports").forEach(p -> ports.add(p.path("target").asText() + "/"
          + (p.hasNonNull("published") ? p.get("published").asText() : "null") + "/"
          + p.path("protocol").asText("tcp") + "/" + p.path("mode").asText("ingress")));
      Map<String, String> env = new TreeMap<>();
      service.path("environment").fields().forEachRemaining(e -> {
        if (!e.getValue().isNull()) {
          env.put(e.getKey(), e.getValue().asText());
        }
      });
      return new Service(service.path("image").asText(), replicas, sorted(ports), env,
          texts(service.path("entrypoint")), texts(service.path("command")));
    }

    /** Field → "docker X, flotilla Y", for the fields that differ. */
    Map<String, String> differences(Service ours) {
      Map<String, String> differ = new TreeMap<>();
      compare(differ, "image", image, ours.image);
      compare(differ, "replicas", replicas, ours.replicas);
      compare(differ, "ports", ports, ours.ports);
      compare(differ, "env", env, ours.env);
      compare(differ, "command", command, ours.command);
      compare(differ, "args", args, ours.args);
      return differ;
    }

    private static void compare(Map<String, String> differ, String field, Object docker, Object flotilla) {
      if (!docker.equals(flotilla)) {
        differ.put(field, "docker " + docker + ", flotilla " + flotilla);
      }
    }

    private static List<String> texts(JsonNode node) {
      List<String> texts = new ArrayList<>();
      node.forEach(n -> texts.add(n.asText()));
      return texts;
    }

    private static List<String> sorted(List<String> list) {
      return new ArrayList<>(new TreeSet<>(list));
    }
  }

  private record Docker(int exit, String out, String err) {}

  private static Docker docker(Path dir, List<String> files, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>(List.of(DOCKER.toString(), "stack", "config"));
    files.forEach(f -> command.addAll(List.of("-c", f)));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.environment().put("DOCKER_CONFIG", temp.resolve("docker-config").toString());
    Process process = builder.start();
    process.getOutputStream().close();
    String out;
    String err;
    try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
      out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
      err = new String(stderr.readAllBytes(), StandardCharsets.UTF_8);
    }
    return new Docker(process.waitFor(), out, err);
  }

  /** The variables our loader read from .env or --env-file, which docker stack does not read itself. */
  private static Map<String, String> variablesFromFiles(ComposeLoader.Request request) throws IOException {
    Map<String, String> variables = new HashMap<>();
    List<Path> envFiles = request.envFiles().isEmpty()
        ? List.of(request.files().get(0).toAbsolutePath().getParent().resolve(".env")) : request.envFiles();
    for (Path file : envFiles) {
      if (Files.isRegularFile(file)) {
        DotEnv.parse(file.toString(), Files.readString(file), name -> Optional.ofNullable(
            request.environment().get(name)).or(() -> Optional.ofNullable(variables.get(name))), new Warnings())
            .forEach(variables::putIfAbsent);
      }
    }
    request.environment().keySet().forEach(variables::remove);
    return variables;
  }

  private static Map<String, String> environment(Properties props) {
    Map<String, String> env = new TreeMap<>();
    env.put("HOME", "/home/corpus");
    env.put("PATH", "/usr/bin:/bin");
    props.stringPropertyNames().stream().filter(k -> k.startsWith("env."))
        .forEach(k -> env.put(k.substring(4), props.getProperty(k)));
    return env;
  }

  private static List<String> list(Properties props, String key) {
    String value = props.getProperty(key, "").strip();
    return value.isEmpty() ? List.of() : Arrays.stream(value.split(",")).map(String::strip).toList();
  }

  private static Properties properties(Path dir) throws IOException {
    Properties props = new Properties();
    Path file = dir.resolve("case.properties");
    if (Files.exists(file)) {
      try (var reader = Files.newBufferedReader(file)) {
        props.load(reader);
      }
    }
    return props;
  }

  static Path corpus() {
    return Path.of(System.getProperty("user.dir"), "src", "test", "resources", "compose-corpus");
  }

  private static List<String> cases() {
    try (Stream<Path> dirs = Files.list(corpus())) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
