package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Json;
import io.flotilla.model.Ids;
import io.flotilla.model.NetworkSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla network ...}: overlay networks that span the cluster's nodes. */
@Command(name = "network", description = "Manage overlay networks",
    subcommands = {NetworkCommand.Create.class, NetworkCommand.Ls.class, NetworkCommand.Inspect.class,
        NetworkCommand.Rm.class})
public final class NetworkCommand {

  @Command(name = "create", description = "Create an overlay network",
      footer = {"", "Services join it with 'flotilla service create --network NAME ...'; their containers reach",
          "each other on any node by IP and by service name (DNS), and nothing else reaches them.", "",
          "Examples:",
          "  flotilla network create app",
          "  flotilla network create --subnet 10.20.0.0/16 backend"})
  static final class Create implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Option(names = "--subnet", paramLabel = "CIDR",
        description = "Subnet of the network, /8 to /24 (default: the next free /20 of the cluster's pool)")
    String subnet;
    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Set a network label")
    List<String> labels = new ArrayList<>();
    @Parameters(index = "0", paramLabel = "NAME") String name;

    @Override
    public void run() {
      JsonNode created = api.client().post("v1/networks",
          new NetworkSpec(name, subnet, ServiceCommand.pairs("--label", labels)));
      PrintWriter out = spec.commandLine().getOut();
      if (api.json()) {
        ApiOptions.printJson(out, created);
      } else {
        out.println(created.path("id").asText());
        out.flush();
      }
    }
  }

  @Command(name = "ls", aliases = "list", description = "List networks")
  static final class Ls implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;

    @Override
    public void run() {
      JsonNode networks = api.client().get("v1/networks");
      PrintWriter out = spec.commandLine().getOut();
      if (api.json()) {
        ApiOptions.printJson(out, networks);
        return;
      }
      Table table = new Table("ID", "NAME", "SUBNET", "VXLAN ID", "NODES");
      for (JsonNode n : networks) {
        table.row(Ids.shortId(n.path("id").asText()), n.path("spec").path("name").asText(), n.path("subnet").asText(),
            n.path("vni").asText(), String.valueOf(n.path("nodeRanges").size()));
      }
      table.print(out);
    }
  }

  @Command(name = "inspect", description = "Show networks in detail (JSON)")
  static final class Inspect implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Parameters(arity = "1..*", paramLabel = "NETWORK") List<String> networks;

    @Override
    public void run() {
      ApiClient client = api.client();
      ApiOptions.printJson(spec.commandLine().getOut(), Json.MAPPER.valueToTree(
          networks.stream().map(n -> client.get("v1/networks/" + ApiClient.encode(n))).toList()));
    }
  }

  @Command(name = "rm", aliases = "remove", description = "Remove networks no service uses")
  static final class Rm implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Parameters(arity = "1..*", paramLabel = "NETWORK") List<String> networks;

    @Override
    public void run() {
      ApiClient client = api.client();
      PrintWriter out = spec.commandLine().getOut();
      for (String network : networks) {
        client.delete("v1/networks/" + ApiClient.encode(network));
        out.println(network);
        out.flush();
      }
    }
  }
}
