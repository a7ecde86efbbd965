package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flotilla.model.StackLabels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
    subcommands = {StackCommand.Deploy.class, StackCommand.Ls.class, StackCommand.Services.class,
        StackCommand.Ps.class, StackCommand.Rm.class})
public final class StackCommand {

  @Command(name = "deploy", description = "Deploy a compose file as a stack, or update a deployed one",
      footer = {"", "Services are named STACK_SERVICE, networks STACK_NETWORK; services without networks join",
          "STACK_default. Redeploying an edited file changes only what changed (a rolling update each).",
          "Keys Flotilla does not support are listed as warnings; an invalid file is rejected with the key at fault.",
          "With --build, services with build: are built by your local Docker engine (tagged with their image:, else",
          "STACK_SERVICE) and shipped to the nodes by the managers; every node runs the same image ID.",
          "--dry-run prints the same plan, with each updated service's changed fields, and deploys nothing.",
          "", "Examples:", "  flotilla stack deploy -c docker-compose.yml shop",
          "  flotilla stack deploy --dry-run -c docker-compose.yml shop",
          "  flotilla stack deploy --build --with-registry-auth -c docker-compose.yml shop"})
  static final class Deploy implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Option(names = {"-c", "--compose-file"}, required = true, paramLabel = "FILE", description = "The compose file")
    Path file;
    @Option(names = "--prune", description = "Remove the stack's services the file no longer has") boolean prune;
    @Option(names = "--build", description = "Build the services' build: images with your local Docker engine and "
        + "ship them to the nodes (no registry needed)") boolean build;
    @Mixin RegistryAuthOption registryAuth;
    @Option(names = "--dry-run", description = "Show what the deploy would create, update (field by field) and"
        + " remove, and change nothing") boolean dryRun;
    @Parameters(index = "0", paramLabel = "STACK") String name;

    @Override
    public void run() {
      String compose;
      try {
        compose = Files.readString(file);
      } catch (IOException e) {
        throw new CliException("cannot read " + file + ": " + e.getMessage());
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("compose", compose);
      body.put("envFiles", envFiles(compose, file.toAbsolutePath().getParent()));
      body.put("prune", prune);
      body.put("dryRun", dryRun);
      PrintWriter out = spec.commandLine().getOut();
      ApiClient client = registryAuth.apply(api.client(), StackImages.images(compose));
      if (build) {
        body.put("builtImages", StackImages.build(client, out, compose, name, file.toAbsolutePath().getParent()));
      }
      JsonNode deployed = client.post("v1/stacks", body);
      if (api.json()) {
        ApiOptions.printJson(out, deployed);
        return;
      }
      StackChangesPrinter.print(out, deployed);
    }
  }

  /** The files the compose file's {@code env_file} keys name, read from beside it, by the path as written. */
  static Map<String, String> envFiles(String compose, Path dir) {
    Map<String, String> files = new LinkedHashMap<>();
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(compose);
    } catch (IOException e) {
      return files; // the manager reports the syntax error with its position
    }
    if (root == null) {
      return files;
    }
    root.path("services").forEach(service -> {
      JsonNode envFile = service.path("env_file");
      List<String> paths = new ArrayList<>();
      if (envFile.isTextual()) {
        paths.add(envFile.asText());
      } else {
        envFile.forEach(p -> paths.add(p.isTextual() ? p.asText() : p.path("path").asText()));
      }
      for (String path : paths) {
        try {
          files.put(path, Files.readString(dir.resolve(path)));
        } catch (IOException e) {
          throw new CliException("cannot read env_file " + path + ": " + e.getMessage());
        }
      }
    });
    return files;
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
