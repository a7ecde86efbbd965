package io.flotilla.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The loader over files in memory: what each Compose loading step makes of a project. */
class ComposeLoaderTest {
  private final Map<Path, String> files = new HashMap<>();
  private final Map<String, String> environment = new HashMap<>();
  private final List<Path> envFiles = new ArrayList<>();
  private final List<String> profiles = new ArrayList<>();

  private void file(String path, String content) {
    files.put(Path.of(path), content);
  }

  private ComposeLoader.Result load(String... paths) {
    return ComposeLoader.load(new ComposeLoader.Request(List.of(paths).stream().map(Path::of).toList(), envFiles,
        profiles, environment), path -> Optional.ofNullable(files.get(path)));
  }

  private static JsonNode service(ComposeLoader.Result result, String name) {
    return result.compose().path("services").path(name);
  }

  @Test
  void dotEnvBesideTheFirstFile_underTheCliEnvironment() {
    file("/p/compose.yml", "services:\n  web:\n    image: app:${TAG}\n    environment:\n      MODE: ${MODE}\n");
    file("/p/.env", "TAG=1.0\nMODE=dotenv\n");
    environment.put("MODE", "shell");
    ComposeLoader.Result result = load("/p/compose.yml");
    assertThat(service(result, "web").path("image").asText()).isEqualTo("app:1.0");
    assertThat(service(result, "web").at("/environment/MODE").asText()).isEqualTo("shell");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void theResult_looksVariablesUpAsInterpolationDid() {
    file("/p/compose.yml", "services:\n  web:\n    image: app\nsecrets:\n  token:\n    environment: API_TOKEN\n");
    file("/p/.env", "API_TOKEN=from-dotenv\nMODE=dotenv\n");
    environment.put("MODE", "shell");
    ComposeLoader.Result result = load("/p/compose.yml");
    assertThat(result.variables().apply("API_TOKEN")).contains("from-dotenv");
    assertThat(result.variables().apply("MODE")).contains("shell");
    assertThat(result.variables().apply("UNSET")).isEmpty();
  }

  @Test
  void envFileOptions_replaceDotEnv_laterOnesWin() {
    file("/p/compose.yml", "services:\n  web:\n    image: app:${TAG}-${ONLY_DOTENV:-none}-${STAGE}\n");
    file("/p/.env", "TAG=dotenv\nONLY_DOTENV=x\n");
    file("/p/base.env", "TAG=base\nSTAGE=base\n");
    file("/p/prod.env", "STAGE=prod\n");
    envFiles.addAll(List.of(Path.of("/p/base.env"), Path.of("/p/prod.env")));
    assertThat(service(load("/p/compose.yml"), "web").path("image").asText()).isEqualTo("app:base-none-prod");
    envFiles.add(Path.of("/p/missing.env"));
    assertThatThrownBy(() -> load("/p/compose.yml")).hasMessage("--env-file /p/missing.env: no such file");
  }

  @Test
  void aRequiredVariableStopsTheLoad() {
    file("/p/compose.yml", "services:\n  db:\n    image: postgres\n    environment:\n"
        + "      PASSWORD: ${DB_PASS:?set DB_PASS in .env}\n");
    assertThatThrownBy(() -> load("/p/compose.yml"))
        .hasMessage("services.db.environment.PASSWORD: required variable DB_PASS is missing: set DB_PASS in .env");
  }

  @Test
  void overrideFiles_mergeAsComposeDoes() {
    file("/p/compose.yml", """
        services:
          web:
            image: app:1
            command: [serve, --port, "80"]
            environment: [A=1, B=2]
            labels: {tier: web}
            ports: ["80:80"]
            volumes: [data:/data, ./conf:/conf]
            deploy: {replicas: 2, labels: [x=1]}
            healthcheck: {test: [CMD, a], interval: 5s}
          db:
            image: postgres:15
        volumes:
          data: {}
        """);
    file("/p/compose.prod.yml", """
        services:
          web:
            image: app:2
            command: [serve]
            environment: {B: two, C: "3"}
            labels: [owner=ops]
            ports: ["443:443", "80:80"]
            volumes: [other:/data]
            deploy: {replicas: 5, labels: {y: "2"}}
            healthcheck: {test: [CMD, b]}
          cache:
            image: redis
        volumes:
          other: {}
        """);
    ComposeLoader.Result result = load("/p/compose.yml", "/p/compose.prod.yml");
    JsonNode web = service(result, "web");
    assertThat(web.path("image").asText()).isEqualTo("app:2");
    assertThat(web.path("command").toString()).isEqualTo("[\"serve\"]");
    assertThat(web.path("environment").toString()).isEqualTo("{\"A\":\"1\",\"B\":\"two\",\"C\":\"3\"}");
    assertThat(web.path("labels").toString()).isEqualTo("{\"tier\":\"web\",\"owner\":\"ops\"}");
    assertThat(web.path("ports").toString()).isEqualTo("[\"80:80\",\"443:443\"]");
    assertThat(web.path("volumes").toString()).isEqualTo("[\"other:/data\",\"/p/conf:/conf\"]");
    assertThat(web.at("/deploy/replicas").asInt()).isEqualTo(5);
    assertThat(web.at("/deploy/labels").toString()).isEqualTo("{\"x\":\"1\",\"y\":\"2\"}");
    assertThat(web.path("healthcheck").toString()).isEqualTo("{\"test\":[\"CMD\",\"b\"],\"interval\":\"5s\"}");
    assertThat(result.compose().path("services").fieldNames()).toIterable().containsExactly("web", "db", "cache");
    assertThat(result.compose().path("volumes").fieldNames()).toIterable().containsExactly("data", "other");
  }

  @Test
  void overrideFiles_resetAndOverrideTags() {
    file("/p/compose.yml", """
        services:
          web:
            image: app:1
            ports: ["80:80", "443:443"]
            environment: {A: "1", B: "2"}
            healthcheck: {test: [CMD, a], interval: 5s}
            dns: !reset [8.8.8.8]
        """);
    file("/p/compose.ci.yml", """
        services:
          web:
            ports: !reset []
            environment: !override {C: "3"}
            healthcheck: !reset null
        """);
    assertThat(service(load("/p/compose.yml"), "web").has("dns")).as("!reset in the first file").isFalse();
    JsonNode web = service(load("/p/compose.yml", "/p/compose.ci.yml"), "web");
    assertThat(web.has("ports")).isFalse();
    assertThat(web.has("healthcheck")).isFalse();
    assertThat(web.path("environment").toString()).isEqualTo("{\"C\":\"3\"}");
    assertThat(web.path("image").asText()).isEqualTo("app:1");
  }

  @Test
  void extends_resetAndOverrideTags() {
    file("/p/compose.yml", """
        services:
          base: {image: app, ports: ["80:80"], labels: {a: "1"}}
          quiet:
            extends: base
            ports: !reset []
            labels: !override {b: "2"}
        """);
    JsonNode quiet = service(load("/p/compose.yml"), "quiet");
    assertThat(quiet.has("ports")).isFalse();
    assertThat(quiet.path("labels").toString()).isEqualTo("{\"b\":\"2\"}");
  }

  @Test
  void overrideFiles_pathsAreRelativeToTheFirstFilesDirectory() {
    file("/p/compose.yml", "services:\n  web:\n    image: app\n");
    file("/p/env/dev.yml", "services:\n  web:\n    volumes: [./src:/src]\n");
    assertThat(service(load("/p/compose.yml", "/p/env/dev.yml"), "web").at("/volumes/0").asText())
        .isEqualTo("/p/src:/src");
  }

  @Test
  void profiles_fromTheFlag_elseComposeProfiles_starForAll() {
    file("/p/compose.yml", """
        services:
          app: {image: app}
          debug: {image: tools, profiles: [debug]}
          metrics: {image: prom, profiles: [monitoring, ops]}
        """);
    assertThat(load("/p/compose.yml").compose().path("services").fieldNames()).toIterable().containsExactly("app");
    environment.put("COMPOSE_PROFILES", "ops");
    assertThat(load("/p/compose.yml").compose().path("services").fieldNames()).toIterable()
        .containsExactly("app", "metrics");
    profiles.add("debug");
    ComposeLoader.Result flagged = load("/p/compose.yml");
    assertThat(flagged.compose().path("services").fieldNames()).toIterable().containsExactly("app", "debug");
    assertThat(service(flagged, "debug").has("profiles")).as("the manager does not see profiles").isFalse();
    profiles.set(0, "*");
    assertThat(load("/p/compose.yml").compose().path("services").size()).isEqualTo(3);
  }

  @Test
  void profiles_aServiceNeedingADisabledOneSaysWhichProfileToAdd() {
    file("/p/compose.yml", """
        services:
          app: {image: app, depends_on: [debug]}
          debug: {image: tools, profiles: [debug]}
        """);
    assertThatThrownBy(() -> load("/p/compose.yml")).hasMessage("services.app.depends_on: service debug is not"
        + " enabled: it has profiles [debug]; add --profile debug");
  }

  @Test
  void extends_sameFileAndOtherFile_withTheOtherFilesPaths() {
    file("/p/compose.yml", """
        services:
          base:
            image: app:1
            environment: {LOG: info, REGION: eu}
            command: [serve]
          web:
            extends: base
            environment: {LOG: debug}
          api:
            extends: {file: lib/common.yml, service: java}
            image: api:2
        """);
    file("/p/lib/common.yml", """
        services:
          java:
            image: java:17
            volumes: [./certs:/certs]
            deploy: {replicas: 2}
        """);
    ComposeLoader.Result result = load("/p/compose.yml");
    JsonNode web = service(result, "web");
    assertThat(web.path("image").asText()).isEqualTo("app:1");
    assertThat(web.path("environment").toString()).isEqualTo("{\"LOG\":\"debug\",\"REGION\":\"eu\"}");
    assertThat(web.has("extends")).isFalse();
    JsonNode api = service(result, "api");
    assertThat(api.path("image").asText()).isEqualTo("api:2");
    assertThat(api.at("/volumes/0").asText()).isEqualTo("/p/lib/certs:/certs");
    assertThat(api.at("/deploy/replicas").asInt()).isEqualTo(2);
  }

  @Test
  void extends_unknownServiceOrACircleIsAnError() {
    file("/p/compose.yml", "services:\n  a: {image: x, extends: b}\n  b: {image: y, extends: a}\n");
    assertThatThrownBy(() -> load("/p/compose.yml")).hasMessageContaining("services extend each other in a circle");
    file("/p/compose.yml", "services:\n  a: {image: x, extends: nope}\n");
    assertThatThrownBy(() -> load("/p/compose.yml")).hasMessage("services.a.extends: no service nope in this file");
  }

  @Test
  void include_addsTheIncludedResources_withPathsRelativeToTheIncludedFile() {
    file("/p/compose.yml", "include:\n  - db/compose.yml\nservices:\n  app: {image: app}\n");
    file("/p/db/compose.yml", """
        services:
          db:
            image: postgres
            volumes: [./init:/docker-entrypoint-initdb.d, pgdata:/var/lib/postgresql/data]
        volumes:
          pgdata: {}
        """);
    ComposeLoader.Result result = load("/p/compose.yml");
    assertThat(result.compose().has("include")).isFalse();
    assertThat(result.compose().path("services").fieldNames()).toIterable().containsExactly("app", "db");
    assertThat(service(result, "db").at("/volumes/0").asText()).isEqualTo("/p/db/init:/docker-entrypoint-initdb.d");
    assertThat(result.compose().path("volumes").has("pgdata")).isTrue();
  }

  @Test
  void include_readsTheIncludedProjectsDotEnv_underThisProjectsVariables() {
    file("/p/compose.yml", "include:\n  - db/compose.yml\n  - path: cache/compose.yml\n    env_file: cache.env\n"
        + "services:\n  app: {image: 'app:${TAG}'}\n");
    file("/p/.env", "TAG=1\n");
    file("/p/db/.env", "PG=16\nTAG=ignored\n");
    file("/p/db/compose.yml", "services:\n  db: {image: 'postgres:${PG}-${TAG}'}\n");
    file("/p/cache.env", "REDIS=7\n");
    file("/p/cache/compose.yml", "services:\n  cache: {image: 'redis:${REDIS}'}\n");
    ComposeLoader.Result result = load("/p/compose.yml");
    assertThat(service(result, "app").path("image").asText()).isEqualTo("app:1");
    assertThat(service(result, "db").path("image").asText()).isEqualTo("postgres:16-1");
    assertThat(service(result, "cache").path("image").asText()).isEqualTo("redis:7");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void include_aResourceDefinedTwiceIsAnError() {
    file("/p/compose.yml", "include: [other.yml]\nservices:\n  app: {image: app}\n");
    file("/p/other.yml", "services:\n  app: {image: other}\n");
    assertThatThrownBy(() -> load("/p/compose.yml"))
        .hasMessageContaining("services.app is defined both here and in the including file");
  }

  @Test
  void name_isTakenOutOfTheDocument_interpolated() {
    file("/p/compose.yml", "name: shop-${ENV:-dev}\nservices:\n  app: {image: app}\n");
    ComposeLoader.Result result = load("/p/compose.yml");
    assertThat(result.name()).isEqualTo("shop-dev");
    assertThat(result.compose().has("name")).isFalse();
    file("/p/compose.yml", "services:\n  app: {image: app}\n");
    assertThat(load("/p/compose.yml").name()).isNull();
  }

  @Test
  void relativePaths_binds_envFiles_secretsAndConfigs_build() {
    environment.put("HOME", "/home/me");
    file("/p/compose.yml", """
        services:
          web:
            image: app
            build: ./web
            volumes:
              - ./html:/usr/share/nginx/html:ro
              - ~/cache:/cache
              - /abs:/abs
              - named:/named
              - type: bind
                source: ../logs
                target: /logs
            env_file: [web.env, {path: optional.env, required: false}]
            environment:
              - FROM_FILE_OVERRIDDEN=compose
              - HOME
              - NOWHERE
        secrets:
          pw: {file: ./secrets/pw.txt}
        configs:
          conf: {file: conf/app.conf}
        """);
    file("/p/web.env", "FROM_FILE=1\nFROM_FILE_OVERRIDDEN=file\n");
    ComposeLoader.Result result = load("/p/compose.yml");
    JsonNode web = service(result, "web");
    assertThat(web.path("build").asText()).isEqualTo("/p/web");
    assertThat(web.at("/volumes/0").asText()).isEqualTo("/p/html:/usr/share/nginx/html:ro");
    assertThat(web.at("/volumes/1").asText()).isEqualTo("/home/me/cache:/cache");
    assertThat(web.at("/volumes/2").asText()).isEqualTo("/abs:/abs");
    assertThat(web.at("/volumes/3").asText()).isEqualTo("named:/named");
    assertThat(web.at("/volumes/4/source").asText()).isEqualTo("/logs");
    assertThat(web.has("env_file")).as("env files are read here, not on the manager").isFalse();
    assertThat(web.path("environment").toString()).isEqualTo(
        "{\"FROM_FILE\":\"1\",\"FROM_FILE_OVERRIDDEN\":\"compose\",\"HOME\":\"/home/me\"}");
    assertThat(result.compose().at("/secrets/pw/file").asText()).isEqualTo("/p/secrets/pw.txt");
    assertThat(result.compose().at("/configs/conf/file").asText()).isEqualTo("/p/conf/app.conf");
    assertThat(result.warnings()).containsExactly(
        "services.web.volumes[0]: bind mount source /p/html (from ./html); that path must exist on every node"
            + " that may run the task",
        "services.web.volumes[1]: bind mount source /home/me/cache (from ~/cache); that path must exist on every"
            + " node that may run the task",
        "services.web.volumes[4].source: bind mount source /logs (from ../logs); that path must exist on every"
            + " node that may run the task",
        "services.web.environment.NOWHERE: has no value and is not set in the environment; left unset");
  }

  @Test
  void aMissingRequiredEnvFileIsAnError() {
    file("/p/compose.yml", "services:\n  web: {image: app, env_file: gone.env}\n");
    assertThatThrownBy(() -> load("/p/compose.yml"))
        .hasMessage("services.web.env_file: cannot read env file /p/gone.env");
  }

  @Test
  void theYamlReadsBackToTheSameDocument_plainScalarsStayPlain() {
    file("/p/compose.yml", "version: \"3.8\"\nservices:\n  web:\n    image: app\n    ports: [\"8080:80\", 9000:9000]\n"
        + "    environment: {ONE: 1, FLOAT: 1.10, QUOTED: \"2\", YES: yes}\n    deploy:\n      replicas: ${N:-3}\n");
    String yaml = load("/p/compose.yml").yaml();
    assertThat(yaml).contains("version: \"3.8\"", "replicas: 3", "ONE: 1", "FLOAT: 1.10", "QUOTED: \"2\"");
    file("/q/compose.yml", yaml);
    assertThat(load("/q/compose.yml").compose()).isEqualTo(load("/p/compose.yml").compose());
  }

  @Test
  void aFileThatIsNotThereOrNotYamlNamesTheFile() {
    assertThatThrownBy(() -> load("/p/none.yml")).hasMessage("/p/none.yml: no such file");
    file("/p/bad.yml", "services:\n  web: [\n");
    assertThatThrownBy(() -> load("/p/bad.yml")).hasMessageStartingWith("/p/bad.yml: line ");
  }
}
