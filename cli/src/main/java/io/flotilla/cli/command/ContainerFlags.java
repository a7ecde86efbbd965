package io.flotilla.cli.command;

import io.flotilla.model.ContainerOptions;
import io.flotilla.model.Durations;
import io.flotilla.model.EndpointMode;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.LogDriver;
import io.flotilla.model.PlacementSpec;
import io.flotilla.model.Resources;
import io.flotilla.model.Ulimit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * How each task's container runs, with docker's flag names; shared by {@code service create}
 * and {@code service update}. On update a list flag ({@code --cap-add}, {@code --dns}, ...)
 * replaces the service's list, a map flag ({@code --sysctl}, {@code --ulimit}, {@code --log-opt})
 * adds or changes entries, and {@code --sysctl-rm}/{@code --ulimit-rm} remove some.
 */
final class ContainerFlags {
  /** The model's field names, as the flags that set them. */
  private static final Map<String, String> FLAGS = Map.ofEntries(
      Map.entry("container.user", "--user"), Map.entry("container.workingDir", "--workdir"),
      Map.entry("container.hostname", "--hostname"), Map.entry("container.stopSignal", "--stop-signal"),
      Map.entry("container.stopGracePeriod", "--stop-grace-period"), Map.entry("container.capAdd", "--cap-add"),
      Map.entry("container.capDrop", "--cap-drop"), Map.entry("container.sysctls", "--sysctl"),
      Map.entry("container.ulimits", "--ulimit"), Map.entry("container.extraHosts", "--add-host"),
      Map.entry("container.dnsSearch", "--dns-search"), Map.entry("container.dns", "--dns"),
      Map.entry("logging.driver", "--log-driver"), Map.entry("logging.options", "--log-opt"),
      Map.entry("resources.pids", "--limit-pids"), Map.entry("placement.maxReplicasPerNode", "--replicas-max-per-node"),
      Map.entry("endpointMode", "--endpoint-mode"));

  @Option(names = "--init", negatable = true, description = "Run an init inside each container that forwards signals and reaps processes")
  Boolean init;
  @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", description = "User the command runs as (name or uid, e.g. 1000:1000)")
  String user;
  @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory of the command")
  String workdir;
  @Option(names = "--hostname", paramLabel = "NAME", description = "Host name inside each container")
  String hostname;
  @Option(names = "--stop-signal", paramLabel = "SIGNAL", description = "Signal that stops a task (default SIGTERM), e.g. SIGQUIT or 3")
  String stopSignal;
  @Option(names = "--stop-grace-period", paramLabel = "DURATION", description = "Wait before killing a stopping task (default 10s)")
  String stopGracePeriod;
  @Option(names = "--cap-add", paramLabel = "CAP", split = ",", description = "Add Linux capabilities, e.g. NET_ADMIN (repeatable)")
  List<String> capAdd;
  @Option(names = "--cap-drop", paramLabel = "CAP", split = ",", description = "Drop Linux capabilities, e.g. ALL (repeatable)")
  List<String> capDrop;
  @Option(names = "--sysctl", paramLabel = "KEY=VALUE", description = "Set a namespaced kernel parameter, e.g. net.core.somaxconn=1024")
  List<String> sysctls = new ArrayList<>();
  @Option(names = "--ulimit", paramLabel = "NAME=SOFT[:HARD]", description = "Set a ulimit, e.g. nofile=1024:2048 (-1 for unlimited)")
  List<String> ulimits = new ArrayList<>();
  @Option(names = "--add-host", paramLabel = "HOST:IP",
      description = "Add a line to /etc/hosts, e.g. db.local:10.0.0.5 (docker service's --host; -H/--host is the API address here)")
  List<String> extraHosts;
  @Option(names = "--dns", paramLabel = "IP", description = "DNS server for names outside the cluster (repeatable; Flotilla's own stays first on overlay networks)")
  List<String> dns;
  @Option(names = "--dns-search", paramLabel = "DOMAIN", description = "DNS search domain (repeatable)")
  List<String> dnsSearch;
  @Option(names = "--read-only", negatable = true, description = "Mount each container's root filesystem read-only")
  Boolean readOnly;
  @Option(names = "--log-driver", paramLabel = "DRIVER", description = "Engine logging driver, e.g. json-file, local, syslog")
  String logDriver;
  @Option(names = "--log-opt", paramLabel = "KEY=VALUE", description = "Logging driver option, e.g. max-size=10m")
  List<String> logOpts = new ArrayList<>();
  @Option(names = "--endpoint-mode", paramLabel = "vip|dnsrr", description = "How the service's name resolves (default vip)")
  String endpointMode;
  @Option(names = "--limit-pids", paramLabel = "N", description = "Most processes a task may run (0: no limit)")
  Long limitPids;
  @Option(names = "--replicas-max-per-node", paramLabel = "N", description = "Most tasks of the service on one node (0: no limit)")
  Integer replicasMaxPerNode;

  /** Only {@code service update} has these. */
  static final class Removals {
    @Option(names = "--sysctl-rm", paramLabel = "KEY", description = "Remove a kernel parameter set by --sysctl")
    List<String> sysctls = new ArrayList<>();
    @Option(names = "--ulimit-rm", paramLabel = "NAME", description = "Remove a ulimit")
    List<String> ulimits = new ArrayList<>();
  }

  ContainerOptions container(ContainerOptions current) {
    return container(current, new Removals());
  }

  /** The options these flags describe over {@code current}, without what {@code removed} names. */
  ContainerOptions container(ContainerOptions current, Removals removed) {
    Map<String, String> sysctlMap = new LinkedHashMap<>(current.sysctls());
    sysctlMap.putAll(ServiceCommand.pairs("--sysctl", sysctls));
    removed.sysctls.forEach(sysctlMap::remove);
    Map<String, Ulimit> ulimitMap = new LinkedHashMap<>(current.ulimits());
    ServiceCommand.pairs("--ulimit", ulimits).forEach((name, limit) ->
        ulimitMap.put(name, cli(() -> Ulimit.parse("--ulimit", limit))));
    removed.ulimits.forEach(ulimitMap::remove);
    return cli(() -> new ContainerOptions(or(init, current.init()), or(user, current.user()),
        or(workdir, current.workingDir()), or(hostname, current.hostname()), or(stopSignal, current.stopSignal()),
        stopGracePeriod == null ? current.stopGracePeriod() : Durations.parse("--stop-grace-period", stopGracePeriod),
        or(capAdd, current.capAdd()), or(capDrop, current.capDrop()), sysctlMap, ulimitMap,
        or(extraHosts, current.extraHosts()), or(dns, current.dns()), or(dnsSearch, current.dnsSearch()),
        or(readOnly, current.readOnly()), logging(current.logging())));
  }

  private LogDriver logging(LogDriver current) {
    if (logDriver == null && logOpts.isEmpty()) {
      return current;
    }
    String driver = logDriver != null ? logDriver : current != null ? current.driver() : null;
    if (driver == null) {
      throw new CliException("--log-opt: needs --log-driver");
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (current != null && driver.equals(current.driver())) {
      options.putAll(current.options());
    }
    options.putAll(ServiceCommand.pairs("--log-opt", logOpts));
    return new LogDriver(driver, options);
  }

  EndpointMode endpointMode(EndpointMode current) {
    return endpointMode == null ? current : cli(() -> EndpointMode.parse(endpointMode));
  }

  /** {@code limits} with the pids limit these flags set. */
  Resources.Amount limits(Resources.Amount limits) {
    return limitPids == null ? limits
        : cli(() -> new Resources.Amount(limits.cpus(), limits.memoryBytes(), limitPids));
  }

  PlacementSpec placement(PlacementSpec placement) {
    return replicasMaxPerNode == null ? placement : cli(() -> placement.withMaxReplicasPerNode(replicasMaxPerNode));
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  /** Model validation speaks of fields; on the command line the flag is what the user typed. */
  static <T> T cli(Supplier<T> build) {
    try {
      return build.get();
    } catch (InvalidSpecException e) {
      String flag = FLAGS.entrySet().stream().filter(f -> e.field().startsWith(f.getKey()))
          .max(java.util.Comparator.comparingInt(f -> f.getKey().length()))
          .map(f -> f.getValue() + e.field().substring(f.getKey().length()).replaceFirst("^\\.", " "))
          .orElse(e.field());
      throw new CliException(flag + ": " + e.problem());
    }
  }
}
