package io.flotilla.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import io.flotilla.bus.Messages.Assignment;
import io.flotilla.model.DesiredState;
import io.flotilla.model.PortConfig;
import io.flotilla.model.Resources;
import io.flotilla.model.ServiceMode;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainersTest {
  private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  private static Assignment assignment(ServiceSpec spec, int slot, String nodeId) {
    Task task = new Task("task1", "svc1", spec.name(), slot, 1, nodeId, DesiredState.RUNNING, TaskState.ASSIGNED,
        null, null, null, null, 0, 0, T0, T0, null, null, null);
    return new Assignment(task, spec);
  }

  private static ServiceSpec spec(ServiceMode mode, List<PortConfig> ports, Resources resources) {
    return new ServiceSpec("web", "web:1", mode, mode == ServiceMode.GLOBAL ? null : 1, null, null,
        Map.of("B", "2", "A", "1"), Map.of("team", "blue", "flotilla.task.id", "forged"), ports, null, resources, null, null, null, null, null, null);
  }

  @Test
  void name_isServiceSlotTask_likeSwarm() {
    assertThat(Containers.name(assignment(spec(ServiceMode.REPLICATED, null, null), 3, "node1")))
        .isEqualTo("web.3.task1");
  }

  @Test
  void name_ofAGlobalTask_carriesTheShortNodeId() {
    assertThat(Containers.name(assignment(spec(ServiceMode.GLOBAL, null, null), 0, "abcdefghijklmnopqrstuvwxy")))
        .isEqualTo("web.abcdefghijkl.task1");
    assertThat(Containers.name(assignment(spec(ServiceMode.GLOBAL, null, null), 0, "node:1")))
        .isEqualTo("web.node-1.task1");
  }

  @Test
  void labels_areTheSpecsPlusFlotillasOwn_whichWin() {
    assertThat(Containers.labels(assignment(spec(ServiceMode.REPLICATED, null, null), 2, "node1")))
        .containsExactlyInAnyOrderEntriesOf(Map.of(
            "team", "blue",
            "flotilla.task.id", "task1",
            "flotilla.service.id", "svc1",
            "flotilla.service.name", "web",
            "flotilla.task.slot", "2",
            "flotilla.node.id", "node1"));
  }

  @Test
  void env_isSortedKeyValuePairs() {
    assertThat(Containers.env(spec(ServiceMode.REPLICATED, null, null))).containsExactly("A=1", "B=2");
  }

  @Test
  void hostConfig_bindsHostModePortsOnly_andNeverRestarts() {
    HostConfig host = Containers.hostConfig(spec(ServiceMode.REPLICATED, List.of(
        new PortConfig(8080, 80, null, PortConfig.PublishMode.HOST),
        new PortConfig(5353, 53, PortConfig.Protocol.UDP, PortConfig.PublishMode.HOST),
        new PortConfig(9090, 90, null, PortConfig.PublishMode.INGRESS)), null), List.of(), null);

    Map<ExposedPort, Ports.Binding[]> bindings = host.getPortBindings().getBindings();
    assertThat(bindings).containsOnlyKeys(ExposedPort.tcp(80), ExposedPort.udp(53));
    assertThat(bindings.get(ExposedPort.tcp(80))).containsExactly(Ports.Binding.bindIpAndPort("0.0.0.0", 8080));
    assertThat(host.getRestartPolicy()).isEqualTo(RestartPolicy.noRestart());
  }

  @Test
  void hostConfig_enforcesLimits() {
    HostConfig host = Containers.hostConfig(spec(ServiceMode.REPLICATED, null,
        new Resources(new Resources.Amount(2, 1L << 30), new Resources.Amount(0.5, 64L << 20))), List.of(), null);

    assertThat(host.getMemory()).isEqualTo(64L << 20);
    assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
  }

  @Test
  void hostConfig_withoutLimits_setsNone() {
    HostConfig host = Containers.hostConfig(spec(ServiceMode.REPLICATED, null, null), List.of(), null);

    assertThat(host.getMemory()).isNull();
    assertThat(host.getNanoCPUs()).isNull();
  }

  @Test
  void hostConfig_startsOnTheFirstOverlayNetwork_withItsDnsServer() {
    HostConfig host = Containers.hostConfig(spec(ServiceMode.REPLICATED, null, null), List.of("app", "ingress"),
        "10.192.0.1");

    assertThat(host.getNetworkMode()).isEqualTo("flotilla-app");
    assertThat(host.getDns()).containsExactly("10.192.0.1");
  }

  @Test
  void time_zeroTimeIsNone() {
    assertThat(Containers.time("0001-01-01T00:00:00Z")).isNull();
    assertThat(Containers.time("2025-03-01T12:00:00.123456789Z")).isEqualTo(Instant.parse("2025-03-01T12:00:00.123456789Z"));
  }

  @Test
  void withDefaultTag_addsLatestOnlyWhenNeitherTagNorDigestIsGiven() {
    assertThat(Containers.withDefaultTag("busybox")).isEqualTo("busybox:latest");
    assertThat(Containers.withDefaultTag("localhost:5000/web")).isEqualTo("localhost:5000/web:latest");
    assertThat(Containers.withDefaultTag("localhost:5000/web:2")).isEqualTo("localhost:5000/web:2");
    assertThat(Containers.withDefaultTag("web@sha256:abc")).isEqualTo("web@sha256:abc");
  }

  @Test
  void containerOptions_reachTheConfigAndHostConfig_withFlotillasDnsFirst() {
    ServiceSpec spec = ServiceOptionsFixture.spec("web:1");
    HostConfig host = Containers.hostConfig(spec, List.of("app"), "10.0.9.1");

    assertThat(host.getInit()).isTrue();
    assertThat(host.getCapAdd()).containsExactly(com.github.dockerjava.api.model.Capability.NET_ADMIN);
    assertThat(host.getCapDrop()).containsExactly(com.github.dockerjava.api.model.Capability.MKNOD);
    assertThat(host.getSysctls()).isEqualTo(Map.of("net.core.somaxconn", "512"));
    assertThat(host.getUlimits()).containsExactly(new com.github.dockerjava.api.model.Ulimit("nofile", 1024L, 2048L));
    assertThat(host.getExtraHosts()).containsExactly("db.local:10.0.0.5");
    assertThat(host.getDns()).containsExactly("10.0.9.1", "10.0.0.53");
    assertThat(host.getDnsSearch()).containsExactly("example.com");
    assertThat(host.getReadonlyRootfs()).isTrue();
    assertThat(host.getPidsLimit()).isEqualTo(64L);
    assertThat(host.getMounts()).singleElement().satisfies(m -> {
      assertThat(m.getType()).isEqualTo(com.github.dockerjava.api.model.MountType.TMPFS);
      assertThat(m.getTmpfsOptions().getSizeBytes()).isEqualTo(8L << 20);
      assertThat(m.getTmpfsOptions().getMode()).isEqualTo(01770);
    });
  }

  @Test
  void aLogDriverDockerJavaDoesNotKnow_isSentByItsName() throws Exception {
    HostConfig host = Containers.hostConfig(new ServiceSpec("web", "web:1", null, 1, null, null, null, null, null, null,
        null, null, null, null, null, null, null, new io.flotilla.model.ContainerOptions(null, null, null, null, null,
            null, null, null, null, null, null, null, null, false,
            new io.flotilla.model.LogDriver("my-plugin:latest", Map.of("k", "v"))), null, null, null), List.of(), null);

    String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(host);

    assertThat(json).contains("\"LogConfig\":{\"Type\":\"my-plugin:latest\",\"Config\":{\"k\":\"v\"}}");
  }

  @Test
  void withoutNetworks_theSpecsDnsServersAloneAreSet() {
    assertThat(Containers.hostConfig(ServiceOptionsFixture.spec("web:1"), List.of(), "10.0.9.1").getDns())
        .containsExactly("10.0.0.53");
  }
}
