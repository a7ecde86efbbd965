package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Json;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** Options every API command takes: where the API is, and how to print. */
public final class ApiOptions {
  public enum Format { table, json }

  @Option(names = "--host", paramLabel = "URL",
      description = "Flotilla API address (default: $FLOTILLA_HOST or http://127.0.0.1:7100)")
  String host;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: table)")
  Format format = Format.table;

  ApiClient client() {
    String url = host != null ? host : System.getenv().getOrDefault("FLOTILLA_HOST", "http://127.0.0.1:7100");
    return new ApiClient(url);
  }

  boolean json() {
    return format == Format.json;
  }

  static void printJson(PrintWriter out, JsonNode node) {
    out.println(Json.encodePretty(node));
    out.flush();
  }
}
