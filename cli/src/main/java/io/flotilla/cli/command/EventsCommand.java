package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flotilla events}: what happens in the cluster, as it happens. */
@Command(name = "events", description = "Follow what happens in the cluster (Ctrl-C to stop)",
    footer = {"", "Examples:", "  flotilla events", "  flotilla events --type service --type task",
        "  flotilla events --format json | jq ."})
public final class EventsCommand implements Runnable {
  @Spec CommandSpec spec;
  @Mixin ApiOptions api;
  @Option(names = "--type", paramLabel = "service|task|node|network", description = "Only these kinds (repeatable)")
  List<String> types = List.of();

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    String path = "v1/events" + (types.isEmpty() ? "" : "?type=" + ApiClient.encode(String.join(",", types)));
    api.client().stream(path, data -> {
      if (api.json()) {
        out.println(data);
      } else {
        out.println(line(data));
      }
      out.flush();
    });
  }

  /** {@code 2026-11-26T10:00:00Z service update web (image=web:2, updateState=updating, version=3)}. */
  private static String line(String data) {
    try {
      JsonNode event = Json.MAPPER.readTree(data);
      StringBuilder line = new StringBuilder().append(event.path("time").asText()).append(' ')
          .append(event.path("type").asText()).append(' ').append(event.path("action").asText()).append(' ')
          .append(event.path("name").asText());
      TreeMap<String, String> attributes = new TreeMap<>();
      event.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
      if (!attributes.isEmpty()) {
        line.append(" (").append(String.join(", ", attributes.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).toList())).append(')');
      }
      return line.toString();
    } catch (IOException e) {
      return data;
    }
  }
}
