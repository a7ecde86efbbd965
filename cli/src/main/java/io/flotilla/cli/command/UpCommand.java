package io.flotilla.cli.command;

import io.flotilla.security.NodeTls;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flotilla up}: the all-in-one cluster on the local Docker engine. */
@Command(name = "up", description = {
    "Start the all-in-one cluster: a manager and an agent for the local Docker engine, in one process.",
    "Runs in the foreground (Ctrl-C stops it) unless --detach is given."},
    footer = {"", "The agent drives the engine that DOCKER_HOST names (default unix:///var/run/docker.sock).",
        "Containers keep running when Flotilla stops; the next 'up' adopts them.",
        "For a cluster of several hosts, use 'flotilla init' and 'flotilla join'."})
public final class UpCommand extends ManagerCommand {
  @Option(names = "--api-host", description = "Address the API listens on (default 127.0.0.1)")
  String apiHost = "127.0.0.1";

  @Override
  String advertiseAddress() {
    return "127.0.0.1";
  }

  @Override
  String apiHost() {
    return apiHost;
  }

  @Override
  boolean runAgent() {
    return true;
  }

  @Override
  List<String> foregroundArgs(Path data, int port) {
    List<String> args = new ArrayList<>(List.of("up", "--api-host", apiHost));
    args.addAll(sharedArgs(data, port));
    return args;
  }

  @Override
  void ready(ApiClient api, Path data, PrintWriter out) {
    out.println("Flotilla is up: API on https://" + apiHost + ":" + port() + " (this host's CLI trusts it through "
        + NodeTls.directoryOf(data).resolve(NodeTls.CA_FILE) + ")");
    printAdminToken(out);
    out.flush();
  }
}
