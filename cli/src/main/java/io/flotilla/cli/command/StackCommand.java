package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.compose.ComposeLoader;
import io.flotilla.model.StackLabels;
import java.io.PrintWriter;
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

/** {@code flotilla stack ...}: an app described by a compose file, deployed as one. */
@Command(name = "stack", description = "Deploy and manage stacks (compose files)",
    subcommands = {StackCommand.Deploy.class, StackCommand.Config.class, StackCommand.Ls.class,
        StackCommand.Services.class, StackCommand.Ps.class, StackCommand.Rm.class})
public final class StackCommand {

  @Command(name = "deploy", description = "Deploy a compose file as a stack, or update a deployed one",
      footer = {"", "Services are named STACK_SERVICE, networks STACK_NETWORK; services without networks join",
          "STACK_default. Redeploying an edited file changes only what changed (a rolling update each).",
          "The files are loaded here as Compose loads them (see stack config --help), then sent to the manager.",
          "Keys Flotilla does not support are listed as warnings; an invalid file is rejected with the key at fault.",
          "With --build, services with build: are built by your local Docker engine (tagged with their image:, else",
          "STACK_SERVICE) and shipped to the nodes by the managers; every node runs the same image ID.",
          "--dry-run prints the same plan, with each updated service's changed fields, and deploys nothing.",
          "", "Examples:", "  flotilla stack deploy -c docker-compose.yml shop",
          "  flotilla stack deploy --dry-run -c docker-compose.yml shop",
          "  flotilla stack deploy -c compose.yml -c compose.prod.yml --env-file prod.env shop",
          "  flotilla stack deploy -c compose.yml --profile debug    # STACK taken from the file's name: key",
          "  flotilla stack deploy --build --with-registry-auth -c docker-compose.yml shop"})
  static final class Deploy implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Mixin ComposeOptions compose;
    @Option(names = "--prune", description = "Remove the stack's services the file no longer has") boolean prune;
    @Option(names = "--build", description = "Build the services' build: images with your local Docker engine and "
        + "ship them to the nodes (no registry needed)") boolean build;
    @Mixin RegistryAuthOption registryAuth;
    @Option(names = "--dry-run", description = "Show what the deploy would create, update (field by field) and"
        + " remove, and change nothing") boolean dryRun;
    @Parameters(index = "0", arity = "0..1", paramLabel = "STACK",
        description = "The stack's name (default: the file's top-level name)") String name;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      ComposeLoader.Result loaded = compose.load(api.json() ? spec.commandLine().getErr() : out);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", ComposeOptions.stackName(name, loaded));
      body.put("compose", loaded.yaml());
      body.put("prune", prune);
      body.put("dryRun", dryRun);
      String stack = (String) body.get("name");
      ApiClient client = registryAuth.apply(api.client(), StackImages.images(loaded.compose()));
      StackFileObjects.create(client, loaded.compose(), stack, v -> loaded.variables().apply(v).orElse(null),
          dryRun, api.json() ? spec.commandLine().getErr() : out);
      if (build) {
        body.put("builtImages", StackImages.build(client, out, loaded.compose(), stack, dryRun));
      }
      JsonNode deployed = client.post("v1/stacks", body);
      if (api.json()) {
        ApiOptions.printJson(out, deployed);
        return;
      }
      StackChangesPrinter.print(out, deployed);
    }
  }

  @Command(name = "config", description = "Print the compose files resolved, as stack deploy would send them",
      footer = {"", "As Compose loads them, on this machine: ${VAR} interpolated from the environment, then from",
          "--env-file or else the .env beside the first file; several -c merged as override files; include,",
          "extends and profiles applied; env_file read into environment; relative paths made absolute.",
          "Warnings go to stderr; nothing is sent to the cluster.", "", "Examples:",
          "  flotilla stack config -c docker-compose.yml",
          "  flotilla stack config -c compose.yml -c compose.override.yml --profile debug",
          "  TAG=2.1 flotilla stack config -c compose.yml --env-file staging.env"})
  static final class Config implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ComposeOptions compose;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      out.print(compose.load(spec.commandLine().getErr()).yaml());
      out.flush();
    }
  }

  @Command(name = "ls", aliases = "list", description = "List stacks")
  static final class Ls implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;

    @Override
    public void run() {
      JsonNode stacks = api.client().get("v1/stacks");
      PrintWriter out = spec.commandLine().getOut();
      if (api.json()) {
        ApiOptions.printJson(out, stacks);
        return;
      }
      Table table = new Table("NAME", "SERVICES", "NETWORKS");
      stacks.forEach(s -> table.row(s.path("name").asText(), s.path("services").asText(), s.path("networks").asText()));
      table.print(out);
    }
  }

  @Command(name = "services", description = "List the services of a stack")
  static final class Services implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Parameters(index = "0", paramLabel = "STACK") String name;

    @Override
    public void run() {
      ServiceCommand.printServices(spec.commandLine().getOut(), api.json(),
          io.flotilla.bus.Json.MAPPER.valueToTree(servicesOf(api.client(), name)));
    }
  }

  @Command(name = "ps", description = "List the tasks of a stack")
  static final class Ps implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Option(names = "--no-trunc", description = "Show full ids") boolean noTrunc;
    @Parameters(index = "0", paramLabel = "STACK") String name;

    @Override
    public void run() {
      ApiClient client = api.client();
      ServiceCommand.printTasks(client, spec.commandLine().getOut(), api.json(), noTrunc,
          servicesOf(client, name).stream().map(s -> s.path("name").asText()).toList());
    }
  }

  @Command(name = "rm", aliases = "remove", description = "Remove stacks: their services, then their networks")
  static final class Rm implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Parameters(arity = "1..*", paramLabel = "STACK") List<String> stacks;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      for (String stack : stacks) {
        JsonNode removed = api.client().delete("v1/stacks/" + ApiClient.encode(stack));
        removed.path("removed").forEach(s -> out.println("Removing service " + s.asText()));
      }
      out.flush();
    }
  }

  private static List<JsonNode> servicesOf(ApiClient client, String stack) {
    List<JsonNode> services = new ArrayList<>();
    client.get("v1/services").forEach(s -> {
      if (stack.equals(s.path("spec").path("labels").path(StackLabels.NAMESPACE).asText(null))) {
        services.add(s);
      }
    });
    if (services.isEmpty()) {
      throw new CliException("no such stack: " + stack);
    }
    return services;
  }
}
