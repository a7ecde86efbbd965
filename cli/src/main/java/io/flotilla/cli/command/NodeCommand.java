package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.model.Availability;
import io.flotilla.model.Ids;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.NodeUpdate;
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

/** {@code flotilla node ...}: the hosts of the cluster. */
@Command(name = "node", description = "Manage nodes",
    subcommands = {NodeCommand.Ls.class, NodeCommand.Inspect.class, NodeCommand.Update.class,
        NodeCommand.Promote.class, NodeCommand.Demote.class, NodeCommand.Rm.class})
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
      Table table = new Table("ID", "HOSTNAME", "STATUS", "AVAILABILITY", "MANAGER STATUS", "ROLE", "CPUS", "MEMORY",
          "ENGINE VERSION");
      for (JsonNode n : nodes) {
        String state = n.path("state").asText();
        table.row(Ids.shortId(n.path("id").asText()), n.path("hostname").asText(),
            state.charAt(0) + state.substring(1).toLowerCase(), capitalize(n.path("availability").asText()),
            managerStatus(n.path("managerStatus")), n.path("role").asText(), n.path("resources").path("cpus").asText(),
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

  @Command(name = "update", description = "Update a node's availability or labels",
      footer = {"", "Examples:",
          "  flotilla node update --availability drain host-a",
          "  flotilla node update --label-add zone=a --label-rm disk host-a"})
  static final class Update implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Option(names = "--availability", paramLabel = "active|pause|drain",
        description = "active: takes tasks; pause: keeps its tasks, takes no new ones; drain: its tasks move away")
    String availability;
    @Option(names = "--label-add", paramLabel = "KEY[=VALUE]", description = "Add or change a node label")
    List<String> labelAdd = new ArrayList<>();
    @Option(names = "--label-rm", paramLabel = "KEY", description = "Remove a node label") List<String> labelRm = new ArrayList<>();
    @Parameters(index = "0", paramLabel = "NODE", description = "Node id or hostname") String node;

    @Override
    public void run() {
      if (availability == null && labelAdd.isEmpty() && labelRm.isEmpty()) {
        throw new CliException("nothing to update: give --availability, --label-add or --label-rm");
      }
      Map<String, String> add = new LinkedHashMap<>();
      for (String label : labelAdd) {
        int eq = label.indexOf('=');
        add.put(eq < 0 ? label : label.substring(0, eq), eq < 0 ? "" : label.substring(eq + 1));
      }
      NodeUpdate update;
      try {
        update = new NodeUpdate(availability == null ? null : Availability.parse(availability), null,
            add.isEmpty() ? null : add, labelRm.isEmpty() ? null : labelRm);
      } catch (InvalidSpecException e) {
        throw new CliException(e.getMessage().replaceAll("labelsRemove(\\[\\d+\\])?", "--label-rm")
            .replaceAll("labelsAdd", "--label-add").replaceFirst("^availability", "--availability"));
      }
      JsonNode updated = api.client().patch("v1/nodes/" + ApiClient.encode(node), update);
      PrintWriter out = spec.commandLine().getOut();
      if (api.json()) {
        ApiOptions.printJson(out, updated);
      } else {
        out.println(node);
        out.flush();
      }
    }
  }

  /** A change of role, node by node, each said once it is done. */
  abstract static class RoleChange implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Parameters(arity = "1..*", paramLabel = "NODE", description = "Node id or hostname") List<String> nodes;

    abstract String verb();

    abstract String done(String node);

    @Override
    public void run() {
      ApiClient client = api.client();
      PrintWriter out = spec.commandLine().getOut();
      for (String node : nodes) {
        client.post("v1/nodes/" + ApiClient.encode(node) + "/" + verb(), Map.of());
        out.println(done(node));
        out.flush();
      }
    }
  }

  @Command(name = "promote", description = {"Make workers managers: each starts a manager and joins the Raft group.",
      "Keep an odd number of managers (1, 3, 5 or 7): a majority of them must be up to change anything."},
      footer = {"", "Example:", "  flotilla node promote host-b host-c"})
  static final class Promote extends RoleChange {
    @Override
    String verb() {
      return "promote";
    }

    @Override
    String done(String node) {
      return "Node " + node + " promoted to a manager in the cluster.";
    }
  }

  @Command(name = "demote", description = {"Make managers workers: each leaves the Raft group; its agent goes on.",
      "Refused for the last manager, and when the managers left could not form a majority."},
      footer = {"", "Example:", "  flotilla node demote host-c"})
  static final class Demote extends RoleChange {
    @Override
    String verb() {
      return "demote";
    }

    @Override
    String done(String node) {
      return "Manager " + node + " demoted in the cluster.";
    }
  }

  @Command(name = "rm", aliases = "remove", description = "Remove nodes that are down (their tasks are rescheduled)")
  static final class Rm implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Option(names = {"-f", "--force"}, description = "Remove the node even if it is not down") boolean force;
    @Parameters(arity = "1..*", paramLabel = "NODE", description = "Node id or hostname") List<String> nodes;

    @Override
    public void run() {
      ApiClient client = api.client();
      PrintWriter out = spec.commandLine().getOut();
      for (String node : nodes) {
        client.delete("v1/nodes/" + ApiClient.encode(node) + (force ? "?force=true" : ""));
        out.println(node);
        out.flush();
      }
    }
  }

  /** As {@code docker node ls}: Leader, Reachable or Unreachable for managers, nothing for workers. */
  static String managerStatus(JsonNode status) {
    if (status.isMissingNode() || status.isNull()) {
      return "";
    }
    return status.path("leader").asBoolean() ? "Leader" : capitalize(status.path("reachability").asText());
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String gib(long bytes) {
    return String.format("%.1fGiB", bytes / (double) (1L << 30));
  }
}
