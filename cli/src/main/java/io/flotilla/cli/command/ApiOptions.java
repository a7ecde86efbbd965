package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every API command takes: where the API is, which token to show it, and how to print. */
public final class ApiOptions {
  public enum Format { table, json }

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = {"-H", "--host"}, paramLabel = "URL",
      description = "Flotilla API address; also taken before the verb (flotilla -H URL ...) "
          + "(default: $FLOTILLA_HOST or https://127.0.0.1:7100)")
  String host;

  @Option(names = "--tls-ca", paramLabel = "FILE",
      description = "The cluster CA's certificate, to trust the API's (default: $FLOTILLA_CA, "
          + "else ~/.flotilla/tls/ca.pem when it exists, else the system's authorities)")
  Path tlsCa;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "API token (default: $FLOTILLA_TOKEN, else the admin token in ~/.flotilla/admin-token, which a "
          + "manager started with the default data directory writes)")
  String token;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: table)")
  Format format = Format.table;

  ApiClient client() {
    String url = host != null ? host : GlobalOptions.hostOf(mixee);
    if (url == null) {
      url = System.getenv().getOrDefault("FLOTILLA_HOST", "https://127.0.0.1:7100");
    }
    return new ApiClient(url, caFile(), token());
  }

  private Path caFile() {
    if (tlsCa != null) {
      return tlsCa;
    }
    String fromEnv = System.getenv("FLOTILLA_CA");
    return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv)
        : DataDirectory.caFile(DataDirectory.defaultPath());
  }

  private String token() {
    if (token != null) {
      return token;
    }
    String fromEnvironment = System.getenv("FLOTILLA_TOKEN");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    return DataDirectory.adminToken(DataDirectory.defaultPath()).orElse(null);
  }

  boolean json() {
    return format == Format.json;
  }

  static void printJson(PrintWriter out, JsonNode node) {
    out.println(Json.encodePretty(node));
    out.flush();
  }
}
