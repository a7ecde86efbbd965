package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.model.ApiRole;
import io.flotilla.model.ApiTokenSpec;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla token ...}: the API tokens people and programs use to call the cluster. */
@Command(name = "token", description = {"Manage API tokens (needs an admin token)",
    "Every API call but /health needs a token: 'admin' may do everything, 'readonly' may look",
    "(list and inspect, events, logs, metrics) but change nothing and see no tokens."},
    subcommands = {TokenCommand.Create.class, TokenCommand.Ls.class, TokenCommand.Rm.class},
    footer = {"", "A new cluster's first manager makes the token 'admin' and writes it to DATA_DIR/admin-token",
        "(mode 0600); the CLI reads ~/.flotilla/admin-token by itself. Elsewhere, pass --token or set",
        "FLOTILLA_TOKEN."})
public final class TokenCommand {
  enum Role { admin, readonly }

  @Command(name = "create", description = "Make an API token and print its secret, the only time it is shown",
      footer = {"", "Examples:",
          "  flotilla token create --role readonly grafana",
          "  export FLOTILLA_TOKEN=$(flotilla token create --role admin ci)"})
  static final class Create implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Option(names = "--role", required = true, paramLabel = "ROLE",
        description = "admin (everything) or readonly (look, change nothing)")
    Role role;
    @Parameters(index = "0", paramLabel = "NAME", description = "A name to know the token by, unique") String name;

    @Override
    public void run() {
      JsonNode created = api.client().post("v1/tokens", new ApiTokenSpec(name, ApiRole.parse(role.name())));
      PrintWriter out = spec.commandLine().getOut();
      if (api.json()) {
        ApiOptions.printJson(out, created);
      } else {
        out.println(created.path("token").asText());
        out.flush();
      }
    }
  }

  @Command(name = "ls", aliases = "list", description = "List API tokens (never their secrets)")
  static final class Ls implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;

    @Override
    public void run() {
      JsonNode tokens = api.client().get("v1/tokens");
      PrintWriter out = spec.commandLine().getOut();
      if (api.json()) {
        ApiOptions.printJson(out, tokens);
        return;
      }
      Table table = new Table("NAME", "ROLE", "CREATED");
      for (JsonNode t : tokens) {
        table.row(t.path("name").asText(), t.path("role").asText(), Ago.of(t.path("createdAt").asText()));
      }
      table.print(out);
    }
  }

  @Command(name = "rm", aliases = "remove", description = "Remove API tokens: every manager refuses them at once")
  static final class Rm implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Parameters(arity = "1..*", paramLabel = "NAME") List<String> names;

    @Override
    public void run() {
      ApiClient client = api.client();
      PrintWriter out = spec.commandLine().getOut();
      for (String name : names) {
        client.delete("v1/tokens/" + ApiClient.encode(name));
        out.println(name);
        out.flush();
      }
    }
  }
}
