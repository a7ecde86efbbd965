package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.security.NodeTls;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flotilla init}: the first manager of a cluster of several hosts. */
@Command(name = "init", description = {
    "Start a new cluster with this host as its first manager, and print how other hosts join it.",
    "Runs in the foreground (Ctrl-C stops it) unless --detach is given."},
    footer = {"", "Example:", "  flotilla init --advertise-addr 192.168.1.10",
        "  # then on each other host:  flotilla join --token FLTKN-1-<CA digest>-<secret> 192.168.1.10:7100"})
public final class InitCommand extends ManagerCommand {
  @Option(names = "--advertise-addr", paramLabel = "ADDRESS", required = true,
      description = "The address other nodes reach this manager at")
  String advertiseAddr;

  @Option(names = "--api-host", description = "Address the API listens on (default 0.0.0.0: every interface)")
  String apiHost = "0.0.0.0";

  @Option(names = "--no-agent", description = "Run no tasks on this manager")
  boolean noAgent;

  @Override
  String advertiseAddress() {
    return advertiseAddr;
  }

  @Override
  String apiHost() {
    return apiHost;
  }

  @Override
  boolean runAgent() {
    return !noAgent;
  }

  @Override
  List<String> foregroundArgs(Path data, int port) {
    List<String> args = new ArrayList<>(List.of("init", "--advertise-addr", advertiseAddr, "--api-host", apiHost));
    if (noAgent) {
      args.add("--no-agent");
    }
    args.addAll(sharedArgs(data, port));
    return args;
  }

  @Override
  void ready(ApiClient api, Path data, PrintWriter out) {
    awaitHealthy(api);
    out.println("Cluster initialized: this node is a manager, advertised at " + advertiseAddr + ".");
    out.println("The API is on https://" + advertiseAddr + ":" + port() + (apiCert != null
        ? "; it presents your certificate " + apiCert + "."
        : "; its certificate is from the cluster CA, " + NodeTls.directoryOf(data).resolve(NodeTls.CA_FILE)
            + " (give it to remote CLIs as --tls-ca or FLOTILLA_CA)."));
    printAdminToken(out);
    out.println();
    try {
      JsonNode tokens = api.get("v1/cluster/join-tokens");
      out.println("To add a worker to this cluster, run on it:");
      out.println();
      out.println("    flotilla join --token " + tokens.path("worker").asText() + " " + advertiseAddr + ":" + port());
      out.println();
    } catch (CliException notShown) {
      out.println("To add a worker, run 'flotilla join-token worker' with an admin token (" + notShown.getMessage()
          + ").");
    }
    out.println("To add a manager, run 'flotilla join-token manager' and follow the instructions.");
    out.flush();
  }
}
