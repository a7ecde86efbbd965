package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Swarm's container options, from {@code service create} flags to what the engine runs (its
 * {@code docker inspect}), and max replicas per node leaving the extra tasks PENDING with the
 * reason, on the all-in-one cluster (one node).
 */
class ServiceOptionsIT extends AllInOneTestBase {
  private static final List<String> SERVICES = List.of("opts", "onepernode");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected List<String> services() {
    return SERVICES;
  }

  @Test
  void everyContainerFlag_isWhatTheEngineRuns() throws Exception {
    flotilla.cli("service", "create", "--name", "opts", "--init", "--user", "1000:1000", "--workdir", "/bin",
        "--hostname", "opts-host", "--stop-signal", "SIGINT", "--stop-grace-period", "25s", "--cap-add", "NET_ADMIN",
        "--cap-drop", "MKNOD", "--sysctl", "net.core.somaxconn=512", "--ulimit", "nofile=1024:2048",
        "--add-host", "db.local:10.0.0.5", "--dns", "10.0.0.53", "--dns-search", "example.com", "--read-only",
        "--mount", "type=tmpfs,target=/run,tmpfs-size=8m,tmpfs-mode=1770", "--log-driver", "json-file",
        "--log-opt", "max-size=1m", "--limit-pids", "64", Docker.CHATTY).orFail();

    List<String> running = Docker.runningContainers("opts");
    assertThat(running).hasSize(1);
    JsonNode inspected = JSON.readTree(Shell.run("docker", "inspect", running.get(0)).orFail().out()).get(0);
    Map<String, String> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("/Config/User", "1000:1000"), Map.entry("/Config/WorkingDir", "/bin"),
        Map.entry("/Config/Hostname", "opts-host"), Map.entry("/Config/StopSignal", "SIGINT"),
        Map.entry("/Config/StopTimeout", "25"), Map.entry("/HostConfig/Init", "true"),
        Map.entry("/HostConfig/CapAdd/0", "NET_ADMIN"), Map.entry("/HostConfig/CapDrop/0", "MKNOD"),
        Map.entry("/HostConfig/Sysctls/net.core.somaxconn", "512"),
        Map.entry("/HostConfig/Ulimits/0", "{\"Name\":\"nofile\",\"Hard\":2048,\"Soft\":1024}"),
        Map.entry("/HostConfig/ExtraHosts", "[\"db.local:10.0.0.5\"]"), Map.entry("/HostConfig/Dns", "[\"10.0.0.53\"]"),
        Map.entry("/HostConfig/DnsSearch", "[\"example.com\"]"), Map.entry("/HostConfig/ReadonlyRootfs", "true"),
        Map.entry("/HostConfig/LogConfig", "{\"Type\":\"json-file\",\"Config\":{\"max-size\":\"1m\"}}"),
        Map.entry("/HostConfig/PidsLimit", "64"),
        Map.entry("/HostConfig/Mounts/0/Type", "tmpfs"), Map.entry("/HostConfig/Mounts/0/Target", "/run"),
        Map.entry("/HostConfig/Mounts/0/TmpfsOptions", "{\"SizeBytes\":8388608,\"Mode\":1016}")));
    Map<String, String> actual = new TreeMap<>();
    expected.keySet().forEach(pointer -> {
      JsonNode value = inspected.at(pointer);
      actual.put(pointer, value.isValueNode() ? value.asText() : value.toString());
    });
    assertThat(actual).isEqualTo(expected);

    JsonNode spec = JSON.readTree(flotilla.cli("service", "inspect", "opts").orFail().out()).get(0).path("spec");
    assertThat(spec.path("container").path("capAdd").toString()).isEqualTo("[\"CAP_NET_ADMIN\"]");
    assertThat(spec.path("resources").path("limits").path("pids").asLong()).isEqualTo(64);

    flotilla.cli("service", "update", "--stop-grace-period", "40s", "--ulimit-rm", "nofile", "opts").orFail();
    JsonNode updated = JSON.readTree(flotilla.cli("service", "inspect", "opts").orFail().out()).get(0).path("spec");
    assertThat(updated.path("container").path("ulimits").size()).isZero();
    assertThat(updated.path("container").path("user").asText()).isEqualTo("1000:1000");
    flotilla.cli("service", "rm", "opts").orFail();
  }

  @Test
  void maxReplicasPerNode_leavesTheExtraReplicasPending_withTheReason() throws Exception {
    flotilla.cli("service", "create", "-d", "--name", "onepernode", "--replicas", "3", "--replicas-max-per-node", "1",
        Docker.WEB).orFail();

    FlotillaProcess.await(Duration.ofSeconds(30), "one task running and two pending with the reason", () -> {
      try {
        List<JsonNode> tasks = flotilla.tasks("onepernode");
        return tasks.stream().filter(t -> t.path("state").asText().equals("RUNNING")).count() == 1
            && tasks.stream().filter(t -> t.path("state").asText().equals("PENDING") && t.path("message").asText()
                .equals("no suitable node (max replicas per node (1) reached on 1 node)")).count() == 2;
      } catch (IOException e) {
        return false;
      }
    });
    assertThat(Docker.runningContainers("onepernode")).hasSize(1);
    assertThat(flotilla.cli("service", "ps", "onepernode").orFail().out()).contains("max replicas per node (1)");
    flotilla.cli("service", "rm", "onepernode").orFail();
  }

  @Test
  void dnsrr_withAnIngressPort_isA400NamingTheField() throws Exception {
    HttpResponse<String> refused = flotilla.post("/v1/services", """
        {"name": "rr", "image": "flotilla-test/web:1", "endpointMode": "dnsrr",
         "ports": [{"published": 18099, "target": 80}]}
        """);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("endpointMode").contains("dnsrr cannot be used with ports published");
  }
}
