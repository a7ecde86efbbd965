package io.flotilla.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code GET /v1/services}, {@code /v1/networks}, {@code /v1/stacks}, {@code /v1/nodes} and
 * {@code /v1/tokens} show, without what changes on its own (a node's heartbeats, resources and updatedAt).
 */
record ApiState(JsonNode services, JsonNode networks, JsonNode stacks, JsonNode nodes, JsonNode tokens) {
  private static final List<String> VOLATILE_NODE_FIELDS = List.of("updatedAt", "resources");

  static ApiState of(FlotillaProcess flotilla) throws IOException {
    JsonNode nodes = flotilla.get("/v1/nodes").deepCopy();
    nodes.forEach(node -> {
      ObjectNode fields = (ObjectNode) node;
      fields.remove(VOLATILE_NODE_FIELDS);
      List<String> heartbeats = new ArrayList<>();
      fields.fieldNames().forEachRemaining(name -> {
        if (name.toLowerCase(Locale.ROOT).contains("heartbeat")) {
          heartbeats.add(name);
        }
      });
      fields.remove(heartbeats);
    });
    return new ApiState(flotilla.get("/v1/services"), flotilla.get("/v1/networks"), flotilla.get("/v1/stacks"), nodes,
        flotilla.get("/v1/tokens"));
  }

  /** For each list that differs from {@code earlier}'s: its name, then what it was and what it is. */
  List<String> differencesFrom(ApiState earlier) {
    List<String> differences = new ArrayList<>();
    List<String> names = List.of("services", "networks", "stacks", "nodes", "tokens");
    List<JsonNode> was = List.of(earlier.services, earlier.networks, earlier.stacks, earlier.nodes, earlier.tokens);
    List<JsonNode> is = List.of(services, networks, stacks, nodes, tokens);
    for (int i = 0; i < names.size(); i++) {
      if (!was.get(i).equals(is.get(i))) {
        differences.add(names.get(i) + " were " + was.get(i) + "\n and are " + is.get(i));
      }
    }
    return differences;
  }

  /** Every id, name and hostname shown: a fuzzed reference must not reach one of them, not even as a prefix. */
  List<String> references() {
    List<String> references = new ArrayList<>();
    for (JsonNode list : List.of(services, networks, stacks, nodes, tokens)) {
      list.forEach(item -> {
        for (String field : List.of("id", "name", "hostname")) {
          if (item.path(field).isTextual()) {
            references.add(item.path(field).asText().toLowerCase(Locale.ROOT));
          }
        }
        if (item.path("spec").path("name").isTextual()) {
          references.add(item.path("spec").path("name").asText().toLowerCase(Locale.ROOT));
        }
      });
    }
    return references;
  }
}
