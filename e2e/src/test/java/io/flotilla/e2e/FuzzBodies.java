package io.flotilla.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Valid request bodies for the fuzz test to mutate, and the means to keep a mutation from
 * starting containers: replicas stay 0, a global service becomes replicated, and every base
 * spec has a placement constraint no node meets.
 */
final class FuzzBodies {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String IMAGE = "flotilla-fuzz/absent:1";
  static final String NEVER = "node.labels.fuzz==never";

  private FuzzBodies() {}

  static ObjectNode service(String name) {
    return ((ObjectNode) parse("""
        {"name":"","image":"%s","mode":"replicated","replicas":0,"command":["sh","-c","true"],"args":["a"],
         "env":{"A":"1"},"labels":{"l":"v"},"ports":[{"published":18473,"target":80,"protocol":"tcp","mode":"host"}],
         "networks":[],"mounts":[{"type":"volume","source":"data","target":"/data","readOnly":true},
           {"type":"bind","source":"/tmp","target":"/host-tmp"}],
         "resources":{"reservations":{"cpus":0.1,"memoryBytes":1048576},"limits":{"cpus":0.5,"memoryBytes":67108864}},
         "placement":{"constraints":["%s"],"preferences":[{"spread":"node.labels.zone"}]},
         "restartPolicy":{"condition":"on-failure","delay":"1s","maxAttempts":3,"window":"1m"},
         "healthcheck":{"test":["CMD-SHELL","true"],"interval":"5s","timeout":"1s","retries":3,"startPeriod":"0s"},
         "updateConfig":{"parallelism":1,"delay":"0s","failureAction":"pause","monitor":"5s","maxFailureRatio":0.1,
           "order":"stop-first"},
         "rollbackConfig":{"parallelism":0,"failureAction":"continue","order":"start-first"}}
        """.formatted(IMAGE, NEVER))).put("name", name);
  }

  static ObjectNode network(String name, int third) {
    return ((ObjectNode) parse("{\"subnet\":\"10.251.%d.0/24\",\"labels\":{\"a\":\"b\"}}".formatted(third)))
        .put("name", name);
  }

  static List<JsonNode> nodeUpdates() {
    return List.of(parse("{\"availability\":\"active\",\"labelsAdd\":{\"a\":\"b\"},\"labelsRemove\":[\"c\"]}"),
        parse("{\"availability\":\"pause\",\"labels\":{\"zone\":\"a\"}}"));
  }

  static ObjectNode update(long version, String name) {
    ObjectNode update = JSON.createObjectNode().put("version", version);
    update.set("spec", service(name));
    return update;
  }

  static JsonNode join() {
    return parse("{\"token\":\"SWMTKN-1-fuzz\",\"hostname\":\"fz\",\"address\":\"10.9.9.9\"}");
  }

  static ObjectNode stack(String name, String compose) {
    return JSON.createObjectNode().put("name", name).put("compose", compose).put("prune", false)
        .set("envFiles", JSON.createObjectNode().put("a.env", "A=1\n"));
  }

  /** A compose file as a tree; its JSON text is YAML too. */
  static ObjectNode composeTree() {
    return (ObjectNode) parse("""
        {"services":{"web":{"image":"%s","command":["sh","-c","true"],"environment":{"A":"1"},
          "ports":[{"target":80,"published":18474,"mode":"host"}],"volumes":["data:/data:ro"],"networks":["back"],
          "env_file":["a.env"],"healthcheck":{"test":["CMD-SHELL","true"],"interval":"5s"},
          "deploy":{"replicas":0,"placement":{"constraints":["%s"]},"resources":{"limits":{"cpus":"0.5","memory":"64M"}},
            "restart_policy":{"condition":"on-failure","max_attempts":3},"update_config":{"parallelism":1,"delay":"1s"}}}},
         "networks":{"back":{}},"volumes":{"data":{}}}
        """.formatted(IMAGE, NEVER));
  }

  static final String COMPOSE_YAML = """
      services:
        web:
          image: %s
          command: ["sh", "-c", "true"]
          environment:
            A: "1"
            B: ${B:-x}
          ports:
            - "18475:80/tcp"
          volumes:
            - data:/data:ro
            - /tmp:/host-tmp
          networks: [back]
          env_file: a.env
          depends_on: [db]
          deploy:
            replicas: 0
            placement:
              constraints: [%s]
            resources:
              limits: {cpus: "0.5", memory: 64M}
        db:
          image: %s
          deploy: {replicas: 0, placement: {constraints: [%s]}}
      networks:
        back: {}
      volumes:
        data: {}
      """.formatted(IMAGE, NEVER, IMAGE, NEVER);

  /**
   * YAML that has broken parsers: alias bombs, recursion, tags naming classes, depth, odd keys.
   * A service without a deploy key gets {@code replicas: 0}, in case the file is valid after all.
   */
  static List<String> nastyCompose() {
    return nastyFiles().stream()
        .map(file -> file.contains("deploy") ? file : file.replace("{image: x", "{image: x, deploy: {replicas: 0}"))
        .toList();
  }

  private static List<String> nastyFiles() {
    StringBuilder bomb = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int i = 1; i < 10; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        bomb.append(j == 0 ? "" : ",").append("*a").append(i - 1);
      }
      bomb.append("]\n");
    }
    bomb.append("services: {web: {image: x, command: *a9}}\n");
    return List.of(bomb.toString(),
        "services: &s {web: {image: x, labels: *s}}\n",
        "services: !!java.lang.Runtime {web: {image: x}}\n",
        "services:\n  web: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n",
        "[".repeat(10_000) + "]".repeat(10_000),
        "services: " + "{a: ".repeat(5_000) + "x" + "}".repeat(5_000) + "\n",
        "services:\n" + "  ".repeat(2_000) + "web: x\n",
        "services:\n\tweb:\n\t\timage: x\n",
        "services:\n  web: {image: x}\n  web: {image: y}\n",
        "services:\n  web:\n    <<: *missing\n    image: x\n",
        "services:\n  ? [a, b]\n  : {image: x}\n",
        "services:\n  1: {image: x}\n  true: {image: y}\n  ~: {image: z}\n",
        "services: {web: ~}\n",
        "services: {web: {image: [x]}}\n",
        "services: {web: {image: x, deploy: {replicas: 1e400}}}\n",
        "services: {web: {image: x, deploy: {replicas: 99999999999999999999}}}\n",
        "services: {web: {image: x, ports: [{target: 99999999999999999999}]}}\n",
        "services: {web: {image: x, ports: [\"0-99999:80\", \"a:b:c:d\", \"::::\"]}}\n",
        "services: {web: {image: x, volumes: [\"..:/x\", \"/etc:/x:rw\", \"v:../x\", \"v:/x:zz\", \":\", \"::\"]}}\n",
        "services: {web: {image: x, env_file: [\"../../etc/passwd\", \"/\", \"\"]}}\n",
        "services: {\"../x\": {image: x}}\n",
        "services: {\"\": {image: x}}\n",
        "services: {\"a/b\": {image: x}}\n",
        "services: {web: {image: \"x\\0y\"}}\n",
        "services: {web: {image: x, environment: [\"=\", \"A\", \"=B\", \"A=1=2\"]}}\n",
        "services: {web: {image: x, healthcheck: {test: [], interval: -5s, retries: -1}}}\n",
        "services: {web: {image: x, deploy: {resources: {limits: {cpus: \"-1\", memory: 1e400}}}}}\n",
        "services: {web: {image: x, deploy: {mode: global, replicas: 2}}}\n",
        "services: {web: {image: x, networks: {\"../n\": {}}}}\nnetworks: {\"../n\": {}}\n",
        "services: {web: {image: x}}\nnetworks: {n: {ipam: {config: [{subnet: \"300.0.0.0/99\"}]}}}\n",
        "services: {web: {image: x, depends_on: [web]}}\n",
        "services: {a: {image: x, depends_on: [b]}, b: {image: x, depends_on: [a]}}\n",
        "---\nservices: {a: {image: x}}\n---\nservices: {b: {image: x}}\n",
        "%YAML 9.9\n---\nservices: {}\n",
        "services: {web: {image: x, command: \"" + "\\\"".repeat(3_000) + "\"}}\n",
        "services: {web: {image: x, command: \"a 'b \\\"c\"}}\n",
        "services: {web: {image: x, labels: {\"" + "k".repeat(100_000) + "\": v}}}\n",
        "", "~", "[]", "123", "'str'", "\u0000", "\uFEFFservices: {web: {image: x}}", "services:", "services: []");
  }

  /** Replicas 0 and no global mode, so a mutation that happens to be valid runs nothing. */
  static void tameService(JsonNode spec) {
    if (!(spec instanceof ObjectNode fields)) {
      return;
    }
    JsonNode mode = fields.path("mode");
    if (mode.isTextual() && mode.asText().trim().equalsIgnoreCase("global")) {
      fields.put("mode", "replicated");
    }
    JsonNode replicas = fields.get("replicas");
    if (replicas == null || replicas.isNull() || mayBeAPositiveCount(replicas)) {
      fields.put("replicas", 0);
    }
  }

  static void tameCompose(JsonNode compose) {
    compose.path("services").forEach(service -> {
      if (service.path("deploy") instanceof ObjectNode deploy) {
        JsonNode mode = deploy.path("mode");
        if (mode.isTextual() && mode.asText().trim().equalsIgnoreCase("global")) {
          deploy.put("mode", "replicated");
        }
        JsonNode replicas = deploy.get("replicas");
        if (replicas == null || replicas.isNull() || mayBeAPositiveCount(replicas)) {
          deploy.put("replicas", 0);
        }
      } else if (service instanceof ObjectNode fields) {
        fields.set("deploy", JSON.createObjectNode().put("replicas", 0));
      }
    });
  }

  private static boolean mayBeAPositiveCount(JsonNode replicas) {
    if (replicas.isNumber()) {
      return replicas.canConvertToLong() && replicas.asDouble() >= 1;
    }
    return replicas.isTextual() && replicas.asText().trim().matches("\\+?0*[1-9][0-9]{0,9}(\\.0*)?");
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
