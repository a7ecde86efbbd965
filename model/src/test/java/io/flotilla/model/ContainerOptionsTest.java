package io.flotilla.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerOptionsTest {

  private static ContainerOptions withSignal(String signal) {
    return new ContainerOptions(null, null, null, null, signal, null, null, null, null, null, null, null, null,
        false, null);
  }

  private static ContainerOptions withCaps(List<String> add, List<String> drop) {
    return new ContainerOptions(null, null, null, null, null, null, add, drop, null, null, null, null, null, false,
        null);
  }

  private static ContainerOptions withSysctls(Map<String, String> sysctls) {
    return new ContainerOptions(null, null, null, null, null, null, null, null, sysctls, null, null, null, null,
        false, null);
  }

  private static ContainerOptions withUlimits(Map<String, Ulimit> ulimits) {
    return new ContainerOptions(null, null, null, null, null, null, null, null, null, ulimits, null, null, null,
        false, null);
  }

  private static ContainerOptions withHosts(List<String> hosts) {
    return new ContainerOptions(null, null, null, null, null, null, null, null, null, null, hosts, null, null,
        false, null);
  }

  private static ContainerOptions withDns(List<String> dns, List<String> search) {
    return new ContainerOptions(null, null, null, null, null, null, null, null, null, null, null, dns, search,
        false, null);
  }

  @Test
  void capabilities_withOrWithoutThePrefix_becomeTheEnginesCanonicalForm() {
    ContainerOptions options = withCaps(List.of("net_admin", "CAP_SYS_PTRACE"), List.of("ALL"));

    assertThat(options.capAdd()).containsExactly("CAP_NET_ADMIN", "CAP_SYS_PTRACE");
    assertThat(options.capDrop()).containsExactly("ALL");
  }

  @Test
  void aMalformedCapability_isRejectedNamingItsIndex() {
    assertThatThrownBy(() -> withCaps(List.of("NET_ADMIN", "net admin"), null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("container.capAdd[1]: expected a capability");
    assertThatThrownBy(() -> withCaps(null, List.of("CAP_TELEPORT")))
        .hasMessageStartingWith("container.capDrop[0]: unknown capability 'CAP_TELEPORT'");
  }

  @Test
  void signals_byNameOrNumber_areAccepted_andNamesGetTheirSigPrefix() {
    assertThat(withSignal("term").stopSignal()).isEqualTo("SIGTERM");
    assertThat(withSignal("SIGQUIT").stopSignal()).isEqualTo("SIGQUIT");
    assertThat(withSignal("9").stopSignal()).isEqualTo("9");
    assertThat(withSignal("SIGRTMIN+3").stopSignal()).isEqualTo("SIGRTMIN+3");
  }

  @Test
  void anUnknownSignal_orAnOutOfRangeNumber_isRejected() {
    assertThatThrownBy(() -> withSignal("SIGFOO")).hasMessageStartingWith("container.stopSignal: unknown signal 'SIGFOO'");
    assertThatThrownBy(() -> withSignal("99")).hasMessage("container.stopSignal: signal numbers go from 1 to 64, not 99");
  }

  @Test
  void sysctls_outsideTheContainersNamespaces_areRejectedAsDockerWould() {
    assertThat(withSysctls(Map.of("net.core.somaxconn", "1024", "kernel.shmmax", "1")).sysctls()).hasSize(2);
    assertThatThrownBy(() -> withSysctls(Map.of("vm.swappiness", "10")))
        .hasMessageStartingWith("container.sysctls.vm.swappiness: cannot be set in a container");
    assertThatThrownBy(() -> withSysctls(Map.of("somaxconn", "10")))
        .hasMessageStartingWith("container.sysctls.somaxconn: expected a kernel parameter");
  }

  @Test
  void ulimits_mustBeLimitsDockerKnows() {
    assertThat(withUlimits(Map.of("nofile", new Ulimit(1024, 2048))).ulimits()).containsKey("nofile");
    assertThatThrownBy(() -> withUlimits(Map.of("files", new Ulimit(1, 1))))
        .hasMessageStartingWith("container.ulimits.files: unknown limit; expected one of core, cpu");
  }

  @Test
  void aUlimit_mayBeUnlimited_butItsSoftLimitNotAboveItsHardOne() {
    assertThat(Ulimit.parse("--ulimit", "-1")).isEqualTo(new Ulimit(-1, -1));
    assertThat(Ulimit.parse("--ulimit", "1024:-1")).isEqualTo(new Ulimit(1024, -1));
    assertThatThrownBy(() -> Ulimit.parse("--ulimit", "2048:1024"))
        .hasMessage("--ulimit: the soft limit 2048 is above the hard limit 1024");
    assertThatThrownBy(() -> Ulimit.parse("--ulimit", "many")).hasMessageStartingWith("--ulimit: expected SOFT[:HARD]");
  }

  @Test
  void extraHosts_areHostColonIp_withIpv6SplitAtTheFirstColon() {
    assertThat(withHosts(List.of("db:10.0.0.5", "v6:fe80::1", "gw:host-gateway", "mixed:::ffff:10.0.0.1"))
        .extraHosts()).hasSize(4);
    assertThatThrownBy(() -> withHosts(List.of("db:10.0.0.5", "db=10.0.0.6")))
        .hasMessageStartingWith("container.extraHosts[1]: expected HOST:IP");
    assertThatThrownBy(() -> withHosts(List.of("db:database")))
        .hasMessageStartingWith("container.extraHosts[0]: 'database' is not an IP address");
    assertThatThrownBy(() -> withHosts(List.of("db:10.0.0.256")))
        .hasMessageStartingWith("container.extraHosts[0]: '10.0.0.256' is not an IP address");
  }

  @Test
  void dnsServers_areIpAddresses_andSearchDomainsAreDomains() {
    assertThat(withDns(List.of("10.0.0.2", "2001:db8::53"), List.of("example.com")).dns()).hasSize(2);
    assertThatThrownBy(() -> withDns(List.of("dns.example.com"), null))
        .hasMessageStartingWith("container.dns[0]: expected an IP address");
    assertThatThrownBy(() -> withDns(null, List.of("bad domain")))
        .hasMessageStartingWith("container.dnsSearch[0]: expected a domain");
  }

  @Test
  void aRelativeWorkingDirectory_isRejected() {
    assertThatThrownBy(() -> new ContainerOptions(null, null, "app", null, null, null, null, null, null, null, null,
        null, null, false, null)).hasMessage("container.workingDir: must be an absolute path, not 'app'");
  }

  @Test
  void aTmpfsMount_hasNoSource_andOnlyItHasTmpfsOptions() {
    Mount tmpfs = Mount.tmpfs("/run", new Mount.TmpfsOptions(64L << 20, Mount.TmpfsOptions.parseMode("m", "1770")));

    assertThat(tmpfs.tmpfs().mode()).isEqualTo(01770);
    assertThatThrownBy(() -> new Mount(Mount.Type.TMPFS, "data", "/run", false, null))
        .hasMessage("mounts.source: a tmpfs has no source");
    assertThatThrownBy(() -> new Mount(Mount.Type.VOLUME, "data", "/data", false, new Mount.TmpfsOptions(1, null)))
        .hasMessage("mounts.tmpfs: only a mount of type tmpfs has tmpfs options");
    assertThatThrownBy(() -> Mount.TmpfsOptions.parseMode("tmpfs-mode", "999"))
        .hasMessageStartingWith("tmpfs-mode: expected octal permission bits");
  }

  @Test
  void processes_canBeLimited_butNotReserved() {
    assertThat(new Resources(null, new Resources.Amount(0, 0, 100)).limits().pids()).isEqualTo(100);
    assertThatThrownBy(() -> new Resources(new Resources.Amount(0, 0, 100), null))
        .hasMessageStartingWith("resources.reservations.pids: processes cannot be reserved");
  }

  @Test
  void dnsrr_withAPortPublishedThroughTheRoutingMesh_isRefusedAsInSwarm() {
    List<PortConfig> ingress = List.of(PortConfig.parse("8080:80"));
    List<PortConfig> host = List.of(PortConfig.parse("mode=host,published=8080,target=80"));

    assertThatThrownBy(() -> new ServiceSpec("web", "nginx", null, null, null, null, null, null, ingress, null, null,
        null, null, null, null, null, null, null, EndpointMode.DNSRR, null, null))
        .hasMessageStartingWith("endpointMode: dnsrr cannot be used with ports published through the routing mesh");
    assertThat(new ServiceSpec("web", "nginx", null, null, null, null, null, null, host, null, null, null, null, null,
        null, null, null, null, EndpointMode.DNSRR, null, null).endpointMode()).isEqualTo(EndpointMode.DNSRR);
  }

  @Test
  void maxReplicasPerNode_mustNotBeNegative() {
    assertThatThrownBy(() -> new PlacementSpec(null, null, -1))
        .hasMessageStartingWith("placement.maxReplicasPerNode: must not be negative");
  }

  @Test
  void theReadmesExample_readsWithTheApisMapper() throws Exception {
    ServiceSpec spec = io.flotilla.bus.Json.MAPPER.readValue("""
        {"name": "web", "image": "flotilla-test/web:1",
         "mounts": [{"type": "tmpfs", "target": "/run", "tmpfs": {"sizeBytes": 67108864}}],
         "container": {"init": true, "user": "1000:1000", "stopGracePeriod": "30s", "capDrop": ["ALL"],
                       "ulimits": {"nofile": {"soft": 1024, "hard": 2048}}, "readOnly": true},
         "endpointMode": "vip"}
        """, ServiceSpec.class);

    assertThat(spec.container().stopGracePeriod()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(io.flotilla.bus.Json.MAPPER.readValue(io.flotilla.bus.Json.MAPPER.writeValueAsString(spec),
        ServiceSpec.class)).isEqualTo(spec);
  }

  @Test
  void theNewOptions_survivePlainJson() throws Exception {
    ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
    ServiceSpec spec = mapper.readValue("""
        {"name": "web", "image": "nginx", "endpointMode": "dnsrr",
         "container": {"init": true, "capAdd": ["NET_ADMIN"], "ulimits": {"nofile": {"soft": 1024, "hard": 2048}},
                       "logging": {"driver": "json-file", "options": {"max-size": "10m"}}},
         "resources": {"limits": {"pids": 50}},
         "placement": {"maxReplicasPerNode": 2},
         "mounts": [{"type": "tmpfs", "target": "/run", "tmpfs": {"sizeBytes": 1024, "mode": 1016}}]}
        """, ServiceSpec.class);

    assertThat(spec.container().capAdd()).containsExactly("CAP_NET_ADMIN");
    assertThat(spec.container().ulimits().get("nofile")).isEqualTo(new Ulimit(1024, 2048));
    assertThat(spec.resources().limits().pids()).isEqualTo(50);
    assertThat(spec.placement().maxReplicasPerNode()).isEqualTo(2);
    assertThat(spec.mounts().get(0).tmpfs().sizeBytes()).isEqualTo(1024);
    assertThat(mapper.readValue(mapper.writeValueAsString(spec), ServiceSpec.class)).isEqualTo(spec);
  }
}
