package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.model.Ids;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla node ...}: the hosts of the cluster. */
@Command(name = "node", description = "Manage nodes", subcommands = {NodeCommand.Ls.class, NodeCommand.Inspect.class})
public final class NodeCommand {

  @Command(name = "ls", aliases = "list", description = "List nodes")
  static final class Ls implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;

    @Override
    public void run() {
      JsonNode nodes = api.client().get("v1/nodes");
      PrintWriter out = spec.commandLine().getOut();
      if (api.json()) {
        ApiOptions.printJson(out, nodes);
        return;
      }
      Table table = new Table("ID", "HOSTNAME", "STATUS", "AVAILABILITY", "ROLE", "CPUS", "MEMORY", "ENGINE VERSION");
      for (JsonNode n : nodes) {
        String state = n.path("state").asText();
        table.row(Ids.shortId(n.path("id").asText()), n.path("hostname").asText(),
            state.charAt(0) + state.substring(1).toLowerCase(), capitalize(n.path("availability").asText()),
            n.path("role").asText(), n.path("resources").path("cpus").asText(),
            gib(n.path("resources").path("memoryBytes").asLong()), n.path("engineVersion").asText(""));
      }
      table.print(out);
    }
  }

  @Command(name = "inspect", description = "Show nodes in detail (JSON)")
  static final class Inspect implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Parameters(arity = "1..*", paramLabel = "NODE") List<String> nodes;

    @Override
    public void run() {
      ApiClient client = api.client();
      ApiOptions.printJson(spec.commandLine().getOut(), io.flotilla.bus.Json.MAPPER.valueToTree(
          nodes.stream().map(n -> client.get("v1/nodes/" + ApiClient.encode(n))).toList()));
    }
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String gib(long bytes) {
    return String.format("%.1fGiB", bytes / (double) (1L << 30));
  }
}
