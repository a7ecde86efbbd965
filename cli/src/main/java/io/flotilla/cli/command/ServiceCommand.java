package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.model.Constraint;
import io.flotilla.model.ContainerOptions;
import io.flotilla.model.Ids;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.Mount;
import io.flotilla.model.PlacementPreference;
import io.flotilla.model.PlacementSpec;
import io.flotilla.model.PortConfig;
import io.flotilla.model.Resources;
import io.flotilla.model.RestartPolicy;
import io.flotilla.model.ServiceMode;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.UpdateConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla service ...}: manage services. */
@Command(name = "service", description = "Manage services",
    subcommands = {ServiceCommand.Create.class, ServiceCommand.Ls.class, ServiceCommand.Ps.class,
        ServiceCommand.Inspect.class, ServiceCommand.Scale.class, ServiceUpdateCommand.Update.class,
        ServiceUpdateCommand.Rollback.class, ServiceCommand.Rm.class, ServiceLogsCommand.class})
public final class ServiceCommand {

  @Command(name = "create", description = "Create a service",
      footer = {"", "Examples:",
          "  flotilla service create --name web --replicas 3 -p 8080:80 nginx:1.27",
          "  flotilla service create --name worker -e QUEUE=jobs --restart-condition on-failure app:2 ./work --fast",
          "  flotilla service create --name db --constraint node.labels.disk==ssd mysql:8",
          "  flotilla service create --name api --build ./api api:dev",
          "  flotilla service create --name app --with-registry-auth registry.example.com:5000/team/app:3",
          "  flotilla service create --name api --init --user 1000 --read-only --mount type=tmpfs,target=/tmp \\",
          "      --cap-drop ALL --ulimit nofile=4096 --stop-grace-period 30s --replicas-max-per-node 1 api:3"})
  static final class Create implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Mixin RolloutOptions rollout;
    @Mixin FileReferenceOptions.ForCreate files;
    @Mixin ContainerFlags container;

    @Option(names = "--name", required = true, description = "Service name") String name;
    @Option(names = "--mount", paramLabel = "type=volume|bind|tmpfs,source=S,target=T[,readonly]",
        description = "Mount a named volume, a path of the node, or a tmpfs (type=tmpfs,target=/run"
            + "[,tmpfs-size=64m,tmpfs-mode=1770]) (repeatable)") List<String> mounts = new ArrayList<>();
    @Option(names = "--replicas", description = "Number of tasks (default 1)") Integer replicas;
    @Option(names = "--mode", description = "replicated or global (default replicated)") String mode;
    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Set an environment variable") List<String> env = new ArrayList<>();
    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Set a service label") List<String> labels = new ArrayList<>();
    @Option(names = {"-p", "--publish"}, paramLabel = "[PUBLISHED:]TARGET[/PROTO]", description = "Publish a port") List<String> ports = new ArrayList<>();
    @Option(names = "--network", paramLabel = "NETWORK", description = "Join an overlay network (repeatable)") List<String> networks = new ArrayList<>();
    @Option(names = "--restart-condition", paramLabel = "none|on-failure|any", description = "When to replace a finished task (default any)") String restartCondition;
    @Option(names = "--restart-delay", paramLabel = "DURATION", description = "Wait before each replacement (default: at once, backing off on repeated crashes)") String restartDelay;
    @Option(names = "--restart-max-attempts", description = "Give up after this many replacements (default unlimited)") int restartMaxAttempts;
    @Option(names = "--restart-window", paramLabel = "DURATION", description = "Window in which attempts are counted") String restartWindow;
    @Option(names = "--reserve-cpu", description = "CPUs to reserve per task") double reserveCpu;
    @Option(names = "--reserve-memory", paramLabel = "BYTES", description = "Memory to reserve per task (e.g. 256m, 1g)") String reserveMemory;
    @Option(names = "--limit-cpu", description = "CPU limit per task") double limitCpu;
    @Option(names = "--limit-memory", paramLabel = "BYTES", description = "Memory limit per task (e.g. 256m, 1g)") String limitMemory;
    @Option(names = "--constraint", paramLabel = "EXPR",
        description = "Placement constraint, e.g. node.labels.zone==a or node.role!=manager") List<String> constraints = new ArrayList<>();
    @Option(names = "--placement-pref", paramLabel = "spread=node.labels.NAME",
        description = "Spread tasks evenly over the values of a node label") List<String> placementPrefs = new ArrayList<>();
    @Option(names = {"-d", "--detach"}, description = "Return at once instead of waiting for the tasks to run") boolean detach;
    @Option(names = "--build", paramLabel = "DIR", description = "Build IMAGE from DIR (its Dockerfile) with your local "
        + "Docker engine and ship it to the nodes (no registry needed)") Path build;
    @Mixin RegistryAuthOption registryAuth;
    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image to run") String image;
    @Parameters(index = "1..*", paramLabel = "ARG", description = "Arguments for the image's command") List<String> args = new ArrayList<>();

    @Override
    public void run() {
      ApiClient client = registryAuth.apply(api.client(), List.of(image));
      if (build != null) {
        labels.add(io.flotilla.model.ImageReferences.BUILT_IMAGE_ID + "=" + new ImageShipping(spec.commandLine().getOut())
            .ship(client, List.of(new ImageBuild(name, image, build.toAbsolutePath(), null, Map.of(), null)))
            .get(name).id());
      }
      RestartPolicy restart = new RestartPolicy(
          restartCondition == null ? null : RestartPolicy.Condition.parse(restartCondition),
          restartDelay == null ? null : io.flotilla.model.Durations.parse("--restart-delay", restartDelay),
          restartMaxAttempts,
          restartWindow == null ? null : io.flotilla.model.Durations.parse("--restart-window", restartWindow));
      ServiceSpec service = new ServiceSpec(name, image, mode == null ? null : ServiceMode.parse(mode), replicas,
          null, args, pairs("--env", env), pairs("--label", labels),
          ports.stream().map(PortConfig::parse).toList(), networks,
          new Resources(new Resources.Amount(reserveCpu, bytes("--reserve-memory", reserveMemory)),
              container.limits(new Resources.Amount(limitCpu, bytes("--limit-memory", limitMemory)))),
          container.placement(placement(constraints, placementPrefs)), restart,
          mounts.stream().map(ServiceCommand::mount).toList(), rollout.healthCheck(null),
          rollout.updateConfig(UpdateConfig.DEFAULT), rollout.rollbackConfig(UpdateConfig.DEFAULT),
          container.container(ContainerOptions.NONE), container.endpointMode(null), null, null);
      service = files.applyTo(service);
      JsonNode created = client.post("v1/services", service);
      PrintWriter out = spec.commandLine().getOut();
      if (api.json()) {
        ApiOptions.printJson(out, created);
        return;
      }
      out.println(created.path("id").asText());
      out.flush();
      if (!detach) {
        Convergence.await(client, out, List.of(name), Duration.ofMinutes(2));
      }
    }
  }

  @Command(name = "ls", aliases = "list", description = "List services")
  static final class Ls implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;

    @Override
    public void run() {
      printServices(spec.commandLine().getOut(), api.json(), api.client().get("v1/services"));
    }
  }

  /** Services as {@code service ls} shows them. */
  static void printServices(PrintWriter out, boolean json, JsonNode services) {
    if (json) {
      ApiOptions.printJson(out, services);
      return;
    }
    Table table = new Table("ID", "NAME", "MODE", "REPLICAS", "IMAGE", "PORTS");
    for (JsonNode s : services) {
      table.row(Ids.shortId(s.path("id").asText()), s.path("name").asText(), s.path("spec").path("mode").asText(),
          s.path("status").path("runningTasks").asInt() + "/" + s.path("status").path("desiredTasks").asInt(),
          s.path("spec").path("image").asText(), ports(s.path("spec").path("ports")));
    }
    table.print(out);
  }

  @Command(name = "ps", description = "List the tasks of one or more services")
  static final class Ps implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Option(names = "--no-trunc", description = "Show full ids") boolean noTrunc;
    @Parameters(arity = "1..*", paramLabel = "SERVICE") List<String> services;

    @Override
    public void run() {
      printTasks(api.client(), spec.commandLine().getOut(), api.json(), noTrunc, services);
    }
  }

  /** The tasks of {@code services} as {@code service ps} shows them. */
  static void printTasks(ApiClient client, PrintWriter out, boolean json, boolean noTrunc, List<String> services) {
    List<JsonNode> tasks = new ArrayList<>();
    for (String service : services) {
      client.get("v1/tasks?service=" + ApiClient.encode(service)).forEach(tasks::add);
    }
    if (json) {
      ApiOptions.printJson(out, io.flotilla.bus.Json.MAPPER.valueToTree(tasks));
      return;
    }
    Map<String, String> hostnames = new HashMap<>();
    client.get("v1/nodes").forEach(n -> hostnames.put(n.path("id").asText(), n.path("hostname").asText()));
    Table table = new Table("ID", "NAME", "NODE", "DESIRED STATE", "CURRENT STATE", "CONTAINER", "ERROR");
    String previousSlot = null;
    for (JsonNode t : tasks) {
      String slot = t.path("serviceName").asText() + "." + (t.path("slot").asInt() == 0
          ? Ids.shortId(t.path("nodeId").asText()) : t.path("slot").asText());
      String name = slot.equals(previousSlot) ? " \\_ " + slot : slot;
      previousSlot = slot;
      String state = t.path("state").asText();
      String current = state.charAt(0) + state.substring(1).toLowerCase() + " " + Ago.of(t.path("updatedAt").asText(null));
      if ("PENDING".equals(state) && t.hasNonNull("message")) {
        current += " (" + t.path("message").asText() + ")";
      }
      table.row(id(t.path("id").asText(), noTrunc), name, hostnames.getOrDefault(t.path("nodeId").asText(), ""),
          cap(t.path("desiredState").asText()), current, id(t.path("containerId").asText(""), noTrunc),
          t.path("error").asText(""));
    }
    table.print(out);
  }

  private static String id(String id, boolean noTrunc) {
    return noTrunc ? id : Ids.shortId(id);
  }

  @Command(name = "inspect", description = "Show services in detail (JSON)")
  static final class Inspect implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Parameters(arity = "1..*", paramLabel = "SERVICE") List<String> services;

    @Override
    public void run() {
      ApiClient client = api.client();
      List<JsonNode> found = services.stream().map(s -> client.get("v1/services/" + ApiClient.encode(s))).toList();
      ApiOptions.printJson(spec.commandLine().getOut(), io.flotilla.bus.Json.MAPPER.valueToTree(found));
    }
  }

  @Command(name = "scale", description = "Scale one or more replicated services",
      footer = {"", "Example:", "  flotilla service scale web=10 worker=3"})
  static final class Scale implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Option(names = {"-d", "--detach"}, description = "Return at once instead of waiting for convergence") boolean detach;
    @Parameters(arity = "1..*", paramLabel = "SERVICE=REPLICAS") List<String> targets;

    @Override
    public void run() {
      Map<String, Integer> wanted = new LinkedHashMap<>();
      for (String target : targets) {
        int eq = target.indexOf('=');
        try {
          wanted.put(target.substring(0, eq), Integer.parseInt(target.substring(eq + 1)));
        } catch (RuntimeException e) {
          throw new CliException("expected SERVICE=REPLICAS, got '" + target + "'");
        }
      }
      ApiClient client = api.client();
      PrintWriter out = spec.commandLine().getOut();
      List<JsonNode> scaled = new ArrayList<>();
      wanted.forEach((service, replicas) -> {
        scaled.add(client.post("v1/services/" + ApiClient.encode(service) + "/scale", Map.of("replicas", replicas)));
        if (!api.json()) {
          out.println(service + " scaled to " + replicas);
          out.flush();
        }
      });
      if (api.json()) {
        ApiOptions.printJson(out, io.flotilla.bus.Json.MAPPER.valueToTree(scaled));
      } else if (!detach) {
        Convergence.await(client, out, List.copyOf(wanted.keySet()), Duration.ofMinutes(2));
      }
    }
  }

  @Command(name = "rm", aliases = "remove", description = "Remove services (their tasks are shut down)")
  static final class Rm implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Parameters(arity = "1..*", paramLabel = "SERVICE") List<String> services;

    @Override
    public void run() {
      ApiClient client = api.client();
      PrintWriter out = spec.commandLine().getOut();
      for (String service : services) {
        client.delete("v1/services/" + ApiClient.encode(service));
        out.println(service);
      }
      out.flush();
    }
  }

  static PlacementSpec placement(List<String> constraints, List<String> preferences) {
    constraints.forEach(c -> Constraint.parse("--constraint", c));
    List<PlacementPreference> prefs = new ArrayList<>();
    for (String pref : preferences) {
      if (!pref.startsWith("spread=")) {
        throw new CliException("--placement-pref: expected spread=node.labels.<name>, got '" + pref + "'");
      }
      prefs.add(new PlacementPreference(pref.substring("spread=".length())));
    }
    try {
      return new PlacementSpec(constraints, prefs);
    } catch (InvalidSpecException e) {
      throw new CliException(e.getMessage().replaceFirst("^placement\\.preferences\\[\\d+\\]\\.spread", "--placement-pref"));
    }
  }

  /**
   * Docker's {@code --mount} syntax: {@code type=volume,source=data,target=/data[,readonly]}, and
   * for a tmpfs {@code type=tmpfs,target=/run[,tmpfs-size=64m,tmpfs-mode=1770]}.
   */
  static Mount mount(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    boolean readOnly = false;
    for (String part : text.split(",")) {
      int eq = part.indexOf('=');
      String key = (eq < 0 ? part : part.substring(0, eq)).trim();
      if (key.equals("readonly") || key.equals("ro")) {
        readOnly = eq < 0 || Boolean.parseBoolean(part.substring(eq + 1));
      } else if (eq < 0) {
        throw new CliException("--mount: expected KEY=VALUE, got '" + part + "' in '" + text + "'");
      } else {
        fields.put(key.equals("src") ? "source" : key.equals("dst") || key.equals("destination") ? "target" : key,
            part.substring(eq + 1));
      }
    }
    try {
      Mount.Type type = fields.containsKey("type") ? Mount.Type.parse(fields.get("type")) : null;
      Mount.TmpfsOptions tmpfs = null;
      if (fields.containsKey("tmpfs-size") || fields.containsKey("tmpfs-mode")) {
        tmpfs = new Mount.TmpfsOptions(bytes("--mount tmpfs-size", fields.get("tmpfs-size")),
            fields.containsKey("tmpfs-mode") ? Mount.TmpfsOptions.parseMode("tmpfs-mode", fields.get("tmpfs-mode"))
                : null);
      }
      return new Mount(type, fields.get("source"), fields.get("target"), readOnly, tmpfs);
    } catch (InvalidSpecException e) {
      throw new CliException("--mount: " + e.getMessage());
    }
  }

  static Map<String, String> pairs(String option, List<String> items) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String item : items) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw new CliException(option + ": expected KEY=VALUE, got '" + item + "'");
      }
      map.put(item.substring(0, eq), item.substring(eq + 1));
    }
    return map;
  }

  static long bytes(String option, String text) {
    if (text == null) {
      return 0;
    }
    String t = text.trim().toLowerCase();
    long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      default -> 1;
    };
    try {
      return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
    } catch (NumberFormatException e) {
      throw new CliException(option + ": expected a size such as 512m or 2g, got '" + text + "'");
    }
  }

  private static String ports(JsonNode ports) {
    List<String> shown = new ArrayList<>();
    for (JsonNode p : ports) {
      shown.add("*:" + p.path("published").asText("?") + "->" + p.path("target").asText() + "/" + p.path("protocol").asText());
    }
    return String.join(",", shown);
  }

  private static String cap(String s) {
    return s.isEmpty() ? s : s.charAt(0) + s.substring(1).toLowerCase();
  }
}
