package io.flotilla.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.model.ContainerOptions;
import io.flotilla.model.EndpointMode;
import io.flotilla.model.LogDriver;
import io.flotilla.model.Mount;
import io.flotilla.model.PlacementSpec;
import io.flotilla.model.Resources;
import io.flotilla.model.Ulimit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ContainerFlagsTest {

  private static ContainerFlags parse(String... args) {
    ContainerFlags flags = new ContainerFlags();
    new CommandLine(flags).parseArgs(args);
    return flags;
  }

  @Test
  void everyFlag_setsItsOption_withDockersNames() {
    ContainerFlags flags = parse("--init", "-u", "1000:1000", "-w", "/srv", "--hostname", "api-1",
        "--stop-signal", "QUIT", "--stop-grace-period", "1m30s", "--cap-add", "NET_ADMIN,SYS_PTRACE",
        "--cap-drop", "ALL", "--sysctl", "net.core.somaxconn=1024", "--ulimit", "nofile=1024:2048",
        "--ulimit", "nproc=512", "--add-host", "db.local:10.0.0.5", "--dns", "10.0.0.2", "--dns-search", "corp",
        "--read-only", "--log-driver", "json-file", "--log-opt", "max-size=10m", "--endpoint-mode", "dnsrr",
        "--limit-pids", "100", "--replicas-max-per-node", "2");

    ContainerOptions options = flags.container(ContainerOptions.NONE);

    assertThat(options).isEqualTo(new ContainerOptions(true, "1000:1000", "/srv", "api-1", "SIGQUIT",
        Duration.ofSeconds(90), List.of("CAP_NET_ADMIN", "CAP_SYS_PTRACE"), List.of("ALL"),
        Map.of("net.core.somaxconn", "1024"), Map.of("nofile", new Ulimit(1024, 2048), "nproc", new Ulimit(512, 512)),
        List.of("db.local:10.0.0.5"), List.of("10.0.0.2"), List.of("corp"), true,
        new LogDriver("json-file", Map.of("max-size", "10m"))));
    assertThat(flags.endpointMode(EndpointMode.VIP)).isEqualTo(EndpointMode.DNSRR);
    assertThat(flags.limits(new Resources.Amount(1, 2)).pids()).isEqualTo(100);
    assertThat(flags.placement(PlacementSpec.NONE).maxReplicasPerNode()).isEqualTo(2);
  }

  @Test
  void onUpdate_listsAreReplaced_mapsMerged_andRemovalsApplied() {
    ContainerOptions current = new ContainerOptions(null, "app", null, null, null, null, List.of("NET_ADMIN"), null,
        Map.of("net.core.somaxconn", "1024", "net.ipv4.tcp_syncookies", "1"), Map.of("nofile", new Ulimit(10, 10)),
        null, List.of("10.0.0.2", "10.0.0.3"), null, true, new LogDriver("json-file", Map.of("max-size", "1m")));
    ContainerFlags flags = parse("--dns", "10.0.0.9", "--sysctl", "net.core.somaxconn=4096", "--ulimit", "nproc=64",
        "--log-opt", "max-file=3", "--no-read-only");
    ContainerFlags.Removals removals = new ContainerFlags.Removals();
    new CommandLine(removals).parseArgs("--sysctl-rm", "net.ipv4.tcp_syncookies", "--ulimit-rm", "nofile");

    ContainerOptions next = flags.container(current, removals);

    assertThat(next.user()).isEqualTo("app");
    assertThat(next.capAdd()).containsExactly("CAP_NET_ADMIN");
    assertThat(next.dns()).containsExactly("10.0.0.9");
    assertThat(next.sysctls()).isEqualTo(Map.of("net.core.somaxconn", "4096"));
    assertThat(next.ulimits()).isEqualTo(Map.of("nproc", new Ulimit(64, 64)));
    assertThat(next.logging()).isEqualTo(new LogDriver("json-file", Map.of("max-size", "1m", "max-file", "3")));
    assertThat(next.readOnly()).isFalse();
  }

  @Test
  void aRefusedValue_namesTheFlag() {
    assertThatThrownBy(() -> parse("--add-host", "db=10.0.0.5").container(ContainerOptions.NONE))
        .isInstanceOf(CliException.class).hasMessageStartingWith("--add-host[0]: expected HOST:IP");
    assertThatThrownBy(() -> parse("--dns-search", "a b").container(ContainerOptions.NONE))
        .hasMessageStartingWith("--dns-search[0]: expected a domain");
    assertThatThrownBy(() -> parse("--sysctl", "vm.swappiness=1").container(ContainerOptions.NONE))
        .hasMessageStartingWith("--sysctl vm.swappiness: cannot be set in a container");
    assertThatThrownBy(() -> parse("--ulimit", "nofile=9:1").container(ContainerOptions.NONE))
        .hasMessage("--ulimit: the soft limit 9 is above the hard limit 1");
    assertThatThrownBy(() -> parse("--endpoint-mode", "rr").endpointMode(null))
        .hasMessage("--endpoint-mode: must be vip or dnsrr, not 'rr'");
    assertThatThrownBy(() -> parse("--log-opt", "max-size=1m").container(ContainerOptions.NONE))
        .hasMessage("--log-opt: needs --log-driver");
  }

  @Test
  void aTmpfsMount_takesDockersSizeAndMode() {
    Mount mount = ServiceCommand.mount("type=tmpfs,target=/run,tmpfs-size=64m,tmpfs-mode=1770");

    assertThat(mount).isEqualTo(Mount.tmpfs("/run", new Mount.TmpfsOptions(64L << 20, 01770)));
    assertThat(ServiceCommand.mount("type=tmpfs,target=/tmp").tmpfs()).isNull();
  }

  @Test
  void serviceCreateAndUpdate_bothTakeTheFlags() {
    for (String verb : List.of("create", "update")) {
      String usage = new CommandLine(new ServiceCommand()).getSubcommands().get(verb).getUsageMessage();
      assertThat(usage).as(verb).contains("--add-host=HOST:IP", "--replicas-max-per-node", "--[no-]init",
          "-u, --user", "-w, --workdir", "--limit-pids");
    }
  }
}
