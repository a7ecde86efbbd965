package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.e2e.testbed.Testbed;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A secret and a config given to a global service on the three hosts: each container has them
 * as files with the content, owner and mode asked for, the secret's from a tmpfs; the secret's
 * value is in no API answer, no log line and no event; and a secret in use cannot be removed.
 */
class SecretsIT extends MultiHostTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVICE = "files";

  @Test
  void aSecretAndAConfig_reachEveryHostsContainer_asFiles_andTheSecretIsShownNowhere() throws Exception {
    String secret = "s3cr3t-" + UUID.randomUUID();
    String config = "listen 8080; # " + UUID.randomUUID();
    Path dir = Files.createTempDirectory("secrets-it");
    Files.writeString(dir.resolve("secret.txt"), secret);
    Files.writeString(dir.resolve("app.conf"), config);
    List<String> events = new CopyOnWriteArrayList<>();
    var stream = manager.streamLines("/v1/events", events::add);
    try {
      manager.cli("secret", "create", "-l", "e2e=1", "e2e_db", dir.resolve("secret.txt").toString()).orFail();
      manager.cli("config", "create", "e2e_conf", dir.resolve("app.conf").toString()).orFail();

      create(SERVICE, "--mode", "global",
          "--secret", "source=e2e_db,target=pw,uid=1000,gid=1000,mode=0400",
          "--config", "source=e2e_conf,target=/etc/app.conf,mode=0440");

      FlotillaProcess.await(Duration.ofSeconds(90), "a running task on every host",
          () -> runningPerHost(SERVICE).size() == 3 && running(SERVICE).size() == 3);
      for (Testbed.Host host : testbed.hosts()) {
        String container = host.runningContainers("flotilla.service.name=" + SERVICE).get(0);
        assertThat(exec(host, container, "cat", "/run/secrets/pw")).as(host.name()).isEqualTo(secret);
        assertThat(exec(host, container, "stat", "-c", "%u %g %a", "/run/secrets/pw")).as(host.name())
            .isEqualTo("1000 1000 400");
        assertThat(exec(host, container, "cat", "/etc/app.conf")).as(host.name()).isEqualTo(config);
        assertThat(exec(host, container, "stat", "-c", "%u %g %a", "/etc/app.conf")).as(host.name())
            .isEqualTo("0 0 440");
        Path source = Path.of(mountSource(host, container, "/run/secrets/pw"));
        assertThat(source).startsWith(secretsDir(host));
        assertThat(Files.getFileStore(source).type()).as("the file system of " + source).isEqualTo("tmpfs");
      }

      HttpResponse<String> removal = manager.delete("/v1/secrets/e2e_db");
      assertThat(removal.statusCode()).isEqualTo(409);
      assertThat(removal.body()).contains(SERVICE);

      List<String> answers = new ArrayList<>();
      for (String path : List.of("/v1/services", "/v1/services/" + SERVICE, "/v1/tasks", "/v1/secrets",
          "/v1/secrets/e2e_db", "/v1/configs", "/v1/configs/e2e_conf", "/v1/nodes", "/v1/stacks")) {
        answers.add(path + " " + manager.get(path));
      }
      answers.add(manager.cli("secret", "inspect", "e2e_db").orFail().out());
      answers.add(manager.cli("service", "inspect", SERVICE).orFail().out());
      answers.add(manager.cli("service", "logs", SERVICE).orFail().out());
      assertThat(manager.get("/v1/configs/e2e_conf").path("data").asText())
          .isEqualTo(base64(config));
      assertThat(manager.get("/v1/secrets/e2e_db").has("data")).isFalse();
      assertThat(events).anyMatch(e -> e.contains("\"type\":\"secret\"") && e.contains("e2e_db"));
      assertNowhere(secret, "API answers", String.join("\n", answers));
      assertNowhere(secret, "events", String.join("\n", events));
      assertNowhere(secret, "the manager's log", manager.readLog());
      for (Testbed.Host host : testbed.hosts()) {
        Path agentLog = Path.of("target", "logs", "agent-" + host.name() + "-" + manager.apiPort + ".log");
        assertNowhere(secret, "the agent log of " + host.name(), Files.readString(agentLog));
      }
    } finally {
      stream.cancel(true);
    }

    manager.cli("service", "rm", SERVICE).orFail();
    FlotillaProcess.await(Duration.ofSeconds(60), "the containers and their files to be gone", () ->
        runningPerHost(SERVICE).isEmpty() && testbed.hosts().stream().allMatch(h -> isEmpty(secretsDir(h))));
    manager.cli("secret", "rm", "e2e_db").orFail();
    manager.cli("config", "rm", "e2e_conf").orFail();
    assertThat(manager.get("/v1/secrets")).isEmpty();
  }

  @Test
  void aStack_createsItsOwnSecretsAndConfigs_usesAnExternalOne_andRemovesItsOwnWithIt() throws Exception {
    String external = "ext-" + UUID.randomUUID();
    String own = "own-" + UUID.randomUUID();
    Path dir = Files.createTempDirectory("secrets-stack-it");
    Files.writeString(dir.resolve("external.txt"), external);
    Files.writeString(dir.resolve("pw.txt"), own);
    Files.writeString(dir.resolve("docker-compose.yml"), """
        services:
          app:
            image: %s
            deploy: {mode: global}
            secrets:
              - db
              - source: shared
                target: /etc/shared
                mode: 0400
            configs: [conf]
        secrets:
          db: {file: ./pw.txt}
          shared: {external: true, name: e2e_shared}
        configs:
          conf: {content: "hello from compose"}
        """.formatted(Docker.WEB));
    manager.cli("secret", "create", "e2e_shared", dir.resolve("external.txt").toString()).orFail();
    try {
      Shell.Result deployed = manager.cli("stack", "deploy", "-c", dir.resolve("docker-compose.yml").toString(),
          "sec").orFail();
      assertThat(deployed.out()).contains("Creating secret sec_db").contains("Creating config sec_conf");
      FlotillaProcess.await(Duration.ofSeconds(90), "a running task on every host",
          () -> runningPerHost("sec_app").size() == 3 && running("sec_app").size() == 3);
      for (Testbed.Host host : testbed.hosts()) {
        String container = host.runningContainers("flotilla.service.name=sec_app").get(0);
        assertThat(exec(host, container, "cat", "/run/secrets/db")).as(host.name()).isEqualTo(own);
        assertThat(exec(host, container, "cat", "/etc/shared")).as(host.name()).isEqualTo(external);
        assertThat(exec(host, container, "stat", "-c", "%a", "/etc/shared")).as(host.name()).isEqualTo("400");
        assertThat(exec(host, container, "cat", "/conf")).as(host.name()).isEqualTo("hello from compose");
      }
      assertThat(manager.cli("stack", "deploy", "-c", dir.resolve("docker-compose.yml").toString(), "sec")
          .orFail().out()).contains("Secret sec_db exists; its content is not changed");
    } finally {
      manager.cli("stack", "rm", "sec");
    }
    FlotillaProcess.await(Duration.ofSeconds(60), "the stack's containers to be gone",
        () -> runningPerHost("sec_app").isEmpty());
    List<String> secrets = new ArrayList<>();
    manager.get("/v1/secrets").forEach(s -> secrets.add(s.path("name").asText()));
    assertThat(secrets).containsExactly("e2e_shared");
    assertThat(manager.get("/v1/configs")).isEmpty();
    manager.cli("secret", "rm", "e2e_shared").orFail();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertNowhere(String secret, String where, String text) {
    assertThat(text).as(where).doesNotContain(secret).doesNotContain(base64(secret));
  }

  private static String exec(Testbed.Host host, String container, String... command) {
    List<String> args = new ArrayList<>(List.of("exec", container));
    args.addAll(List.of(command));
    return host.docker(args.toArray(String[]::new)).orFail().out().strip();
  }

  private static String mountSource(Testbed.Host host, String container, String target) throws IOException {
    JsonNode mounts = JSON.readTree(host.docker("inspect", "-f", "{{json .Mounts}}", container).orFail().out());
    for (JsonNode mount : mounts) {
      if (mount.path("Destination").asText().equals(target)) {
        return mount.path("Source").asText();
      }
    }
    throw new AssertionError("no mount at " + target + " in " + mounts);
  }

  private static boolean isEmpty(Path directory) {
    if (!Files.isDirectory(directory)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
