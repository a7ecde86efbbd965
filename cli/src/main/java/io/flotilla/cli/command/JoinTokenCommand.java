package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla join-token worker|manager [--rotate]}. */
@Command(name = "join-token", description = {"Show (or rotate) the token that lets a host join as a worker or manager.",
    "Rotating stops the old token for new joins; nodes already in the cluster are not affected."})
public final class JoinTokenCommand implements Runnable {
  enum Role { worker, manager }

  @Spec CommandSpec spec;
  @Mixin ApiOptions api;

  @Parameters(paramLabel = "ROLE", description = "worker or manager") Role role;
  @Option(names = "--rotate", description = "Replace the token with a new one") boolean rotate;
  @Option(names = {"-q", "--quiet"}, description = "Print only the token") boolean quiet;

  @Override
  public void run() {
    ApiClient client = api.client();
    JsonNode tokens = rotate
        ? client.post("v1/cluster/join-tokens/rotate", Map.of("role", role.name()))
        : client.get("v1/cluster/join-tokens");
    String token = tokens.path(role.name()).asText();
    PrintWriter out = spec.commandLine().getOut();
    if (api.json()) {
      ApiOptions.printJson(out, tokens);
    } else if (quiet) {
      out.println(token);
    } else {
      if (rotate) {
        out.println("Rotated the " + role + " join token; the old one no longer admits new nodes.");
      }
      URI base = URI.create(client.base());
      out.println("To add a " + role + " to this cluster, run on it:");
      out.println();
      out.println("    flotilla join --token " + token + " " + base.getHost() + ":" + base.getPort());
    }
    out.flush();
  }
}
