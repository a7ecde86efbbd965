package io.flotilla.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Json;
import io.flotilla.model.Resources;
import io.flotilla.model.ServiceSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code service update} and {@code service rollback}: rolling changes to a running service. */
final class ServiceUpdateCommand {
  private static final Duration PATIENCE = Duration.ofMinutes(10);

  private ServiceUpdateCommand() {}

  @Command(name = "update", description = "Change a service; its tasks are replaced a few at a time",
      footer = {"", "Examples:",
          "  flotilla service update --image web:2 web",
          "  flotilla service update --image web:2 --update-order start-first --update-parallelism 2 web",
          "  flotilla service update --env-add LOG=debug --update-failure-action rollback web",
          "  flotilla service update --stop-grace-period 1m --ulimit nofile=8192 --dns 10.0.0.2 web",
          "",
          "A list flag (--cap-add, --cap-drop, --dns, --dns-search, --add-host) replaces the service's list;",
          "--sysctl, --ulimit and --log-opt add or change entries, --sysctl-rm and --ulimit-rm remove them."})
  static final class Update implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Mixin RolloutOptions rollout;
    @Mixin FileReferenceOptions.ForUpdate files;
    @Mixin ContainerFlags container;
    @Mixin ContainerFlags.Removals removals;
    @Option(names = "--image", description = "New image") String image;
    @Option(names = "--env-add", paramLabel = "KEY=VALUE", description = "Add or change an environment variable")
    List<String> envAdd = new ArrayList<>();
    @Option(names = "--env-rm", paramLabel = "KEY", description = "Remove an environment variable")
    List<String> envRm = new ArrayList<>();
    @Option(names = "--args", paramLabel = "ARGS", split = " ", description = "New arguments for the image's command")
    List<String> args;
    @Option(names = "--replicas", description = "New number of tasks") Integer replicas;
    @Option(names = {"-d", "--detach"}, description = "Return at once instead of following the rollout") boolean detach;
    @Mixin RegistryAuthOption registryAuth;
    @Parameters(index = "0", paramLabel = "SERVICE") String service;

    @Override
    public void run() {
      ApiClient client = api.client();
      JsonNode current = client.get("v1/services/" + ApiClient.encode(service));
      ServiceSpec old = spec(current.path("spec"));
      client = registryAuth.apply(client, List.of(image != null ? image : old.image()));
      Map<String, String> labels = new LinkedHashMap<>(old.labels());
      if (image != null) {
        labels.remove(io.flotilla.model.ImageReferences.BUILT_IMAGE_ID); // a new image is pulled, not the built one
      }
      Map<String, String> env = new LinkedHashMap<>(old.env());
      env.putAll(ServiceCommand.pairs("--env-add", envAdd));
      envRm.forEach(env::remove);
      ServiceSpec next = new ServiceSpec(old.name(), image != null ? image : old.image(), old.mode(),
          replicas != null ? replicas : old.replicas(), old.command(), args != null ? args : old.args(), env,
          labels, old.ports(), old.networks(),
          new Resources(old.resources().reservations(), container.limits(old.resources().limits())),
          container.placement(old.placement()), old.restartPolicy(), old.mounts(),
          rollout.healthCheck(old.healthcheck()), rollout.updateConfig(old.updateConfig()),
          rollout.rollbackConfig(old.rollbackConfig()), container.container(old.container(), removals),
          container.endpointMode(old.endpointMode()), old.secrets(), old.configs());
      next = files.applyTo(next, old);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("version", current.path("version").asLong());
      body.put("spec", next);
      JsonNode updated = client.put("v1/services/" + ApiClient.encode(service), body);
      follow(client, spec.commandLine().getOut(), api.json(), updated, detach);
    }
  }

  @Command(name = "rollback", description = "Go back to a service's previous spec, a few tasks at a time")
  static final class Rollback implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Option(names = {"-d", "--detach"}, description = "Return at once instead of following the rollback") boolean detach;
    @Parameters(index = "0", paramLabel = "SERVICE") String service;

    @Override
    public void run() {
      ApiClient client = api.client();
      JsonNode rolledBack = client.post("v1/services/" + ApiClient.encode(service) + "/rollback", Map.of());
      follow(client, spec.commandLine().getOut(), api.json(), rolledBack, detach);
    }
  }

  private static ServiceSpec spec(JsonNode node) {
    try {
      return Json.MAPPER.treeToValue(node, ServiceSpec.class);
    } catch (JsonProcessingException e) {
      throw new CliException("the API returned a spec this CLI cannot read: " + e.getOriginalMessage());
    }
  }

  /** Prints the rollout's progress until it completes, pauses or rolls back; fails unless it completed. */
  private static void follow(ApiClient client, PrintWriter out, boolean json, JsonNode service, boolean detach) {
    String name = service.path("name").asText();
    if (json) {
      ApiOptions.printJson(out, service);
      return;
    }
    out.println(name);
    out.flush();
    if (detach || service.path("updateStatus").isMissingNode() || service.path("updateStatus").isNull()) {
      return;
    }
    Instant deadline = Instant.now().plus(PATIENCE);
    String shown = "";
    while (Instant.now().isBefore(deadline)) {
      JsonNode now = client.get("v1/services/" + ApiClient.encode(name));
      String state = now.path("updateStatus").path("state").asText();
      String line = name + ": " + state.replace('_', ' ') + ", " + now.path("status").path("runningTasks").asInt()
          + "/" + now.path("status").path("desiredTasks").asInt() + " running"
          + (now.path("updateStatus").path("message").isTextual()
              ? " (" + now.path("updateStatus").path("message").asText() + ")" : "");
      if (!line.equals(shown)) {
        out.println(line);
        out.flush();
        shown = line;
      }
      switch (state) {
        case "completed", "rollback_completed" -> {
          return;
        }
        case "paused", "rollback_paused" -> throw new CliException(name + ": " + state.replace('_', ' ')
            + "; fix the cause, then 'flotilla service update' again or 'flotilla service rollback " + name + "'");
        default -> Convergence.pause();
      }
    }
    throw new CliException(name + ": still rolling out after " + PATIENCE.toMinutes() + " minutes");
  }
}
