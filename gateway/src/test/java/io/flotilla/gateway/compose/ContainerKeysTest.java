package io.flotilla.gateway.compose;

import static io.flotilla.gateway.compose.Compose.error;
import static io.flotilla.gateway.compose.Compose.parse;
import static io.flotilla.gateway.compose.Compose.web;
import static io.flotilla.gateway.compose.Compose.webSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.ContainerOptions;
import io.flotilla.model.EndpointMode;
import io.flotilla.model.LogDriver;
import io.flotilla.model.Mount;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Ulimit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** init, user, working_dir, hostname, stop_*, cap_*, sysctls, ulimits, extra_hosts, dns*, read_only, logging, tmpfs, expose. */
class ContainerKeysTest {

  @Test
  void everyContainerKey_isRead_intoTheSpecsContainerOptions() {
    ServiceSpec spec = webSpec("""
        init: true
        user: "1000:1000"
        working_dir: /srv
        hostname: web-1
        stop_signal: SIGQUIT
        stop_grace_period: 1m30s
        cap_add: [NET_ADMIN]
        cap_drop: [ALL]
        sysctls: {net.core.somaxconn: 1024}
        ulimits:
          nproc: 65535
          nofile: {soft: 20000, hard: 40000}
        extra_hosts: ["db.local:10.0.0.5"]
        dns: 10.0.0.2
        dns_search: [corp.example]
        read_only: true
        logging: {driver: json-file, options: {max-size: 10m, max-file: 3}}
        expose: ["3000", 8000]
        """);

    assertThat(spec.container()).isEqualTo(new ContainerOptions(true, "1000:1000", "/srv", "web-1", "SIGQUIT",
        Duration.ofSeconds(90), List.of("CAP_NET_ADMIN"), List.of("ALL"), Map.of("net.core.somaxconn", "1024"),
        Map.of("nproc", new Ulimit(65535, 65535), "nofile", new Ulimit(20000, 40000)), List.of("db.local:10.0.0.5"),
        List.of("10.0.0.2"), List.of("corp.example"), true,
        new LogDriver("json-file", Map.of("max-size", "10m", "max-file", "3"))));
    assertThat(parse(web("init: true\nexpose: [\"3000\"]")).warnings()).isEmpty();
  }

  @Test
  void sysctlsAndExtraHosts_asListOrMapping_sayTheSame() {
    ContainerOptions lists = webSpec("sysctls: [net.core.somaxconn=1024]\nextra_hosts: [\"db:10.0.0.5\", \"v6=::1\"]")
        .container();
    ContainerOptions maps = webSpec("sysctls: {net.core.somaxconn: 1024}\nextra_hosts: {db: 10.0.0.5, v6: \"::1\"}")
        .container();

    assertThat(lists.sysctls()).isEqualTo(maps.sysctls());
    assertThat(lists.extraHosts()).containsExactly("db:10.0.0.5", "v6:::1").isEqualTo(maps.extraHosts());
  }

  @Test
  void dns_isOneServerOrAList() {
    assertThat(webSpec("dns: [10.0.0.2, 10.0.0.3]").container().dns()).containsExactly("10.0.0.2", "10.0.0.3");
    assertThat(webSpec("dns_search: corp.example").container().dnsSearch()).containsExactly("corp.example");
  }

  @Test
  void tmpfs_isAPathOrAList_withSizeAndMode_andTheLongVolumeFormToo() {
    assertThat(webSpec("tmpfs: /run").mounts()).containsExactly(Mount.tmpfs("/run", null));
    assertThat(webSpec("tmpfs: [\"/run:size=64m,mode=1770\", /tmp]").mounts()).containsExactly(
        Mount.tmpfs("/run", new Mount.TmpfsOptions(64L << 20, 01770)), Mount.tmpfs("/tmp", null));
    assertThat(webSpec("volumes: [{type: tmpfs, target: /cache, tmpfs: {size: 1m, mode: 1777}}]").mounts())
        .containsExactly(Mount.tmpfs("/cache", new Mount.TmpfsOptions(1L << 20, 01777)));
  }

  @Test
  void deployKeys_endpointModePidsAndMaxReplicasPerNode() {
    ServiceSpec spec = webSpec("""
        deploy:
          endpoint_mode: dnsrr
          resources: {limits: {pids: 100}}
          placement: {max_replicas_per_node: 2}
        """);

    assertThat(spec.endpointMode()).isEqualTo(EndpointMode.DNSRR);
    assertThat(spec.resources().limits().pids()).isEqualTo(100);
    assertThat(spec.placement().maxReplicasPerNode()).isEqualTo(2);
  }

  @Test
  void errors_nameTheKeyPath() {
    assertThat(error(web("cap_add: [NET_ADMIN, \"not a cap\"]")).getMessage())
        .startsWith("services.web.cap_add[1]: expected a capability");
    assertThat(error(web("extra_hosts: [\"db:nowhere\"]")).getMessage())
        .startsWith("services.web.extra_hosts[0]: 'nowhere' is not an IP address");
    assertThat(error(web("sysctls: {vm.swappiness: 10}")).getMessage())
        .startsWith("services.web.sysctls.vm.swappiness: cannot be set in a container");
    assertThat(error(web("ulimits: {nofile: {soft: 2, hard: 1}}")).getMessage())
        .isEqualTo("services.web.ulimits.nofile: the soft limit 2 is above the hard limit 1");
    assertThat(error(web("ulimits: {files: 10}")).getMessage())
        .startsWith("services.web.ulimits.files: unknown limit");
    assertThat(error(web("stop_grace_period: soon")).getMessage())
        .startsWith("services.web.stop_grace_period: expected a duration");
    assertThat(error(web("stop_signal: SIGNOPE")).getMessage())
        .startsWith("services.web.stop_signal: unknown signal");
    assertThat(error(web("deploy: {endpoint_mode: rr}")).getMessage())
        .isEqualTo("services.web.deploy.endpoint_mode: must be vip or dnsrr, not 'rr'");
    assertThat(error(web("deploy: {resources: {reservations: {pids: 5}}}")).getMessage())
        .startsWith("services.web.deploy.resources.reservations.pids: processes cannot be reserved");
    assertThat(error(web("deploy: {placement: {max_replicas_per_node: -1}}")).getMessage())
        .startsWith("services.web.deploy.placement.max_replicas_per_node: must not be negative");
    assertThat(error(web("ports: [\"8080:80\"]\ndeploy: {endpoint_mode: dnsrr}")).getMessage())
        .startsWith("services.web.deploy.endpoint_mode: dnsrr cannot be used with ports published through the routing mesh");
    assertThat(error(web("tmpfs: [\"/run:mode=999\"]")).getMessage())
        .startsWith("services.web.tmpfs[0]: expected octal permission bits");
  }
}
