package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health} (ready once this manager's Raft group has a leader that reaches a majority;
 * 503 with the reason otherwise) and {@code /metrics} (Prometheus text).
 */
final class SystemRoutes {
  private SystemRoutes() {}

  static void mount(Router router, Vertx vertx, PrometheusMeterRegistry registry) {
    router.get("/health").handler(ctx -> Bus.request(vertx, Addresses.MANAGER_STATUS, new Messages.NodeRef(""),
            JsonNode.class)
        .compose(status -> Bus.request(vertx, Addresses.NODE_LIST, new Messages.NodeRef(""), Messages.NodeList.class)
            .map(nodes -> Map.entry(status, nodes.nodes().size())))
        .onSuccess(answer -> {
          JsonNode status = answer.getKey();
          boolean quorum = status.path("quorum").asBoolean();
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("status", quorum ? "ready" : "unavailable");
          if (!quorum) {
            body.put("error", "no quorum: " + status.path("reason").asText());
          }
          body.put("leader", status.path("leader").isTextual() ? status.path("leader").asText() : null);
          body.put("term", status.path("term").asLong());
          body.put("managers", status.path("members").size());
          body.put("nodes", answer.getValue());
          ctx.response().setStatusCode(quorum ? 200 : 503).putHeader("content-type", "application/json")
              .end(Json.encode(body));
        })
        .onFailure(e -> ctx.response().setStatusCode(503).putHeader("content-type", "application/json")
            .end(Json.encode(Map.of("status", "starting", "error", "the manager is starting")))));
    mountMetrics(router, vertx, registry);
  }

  /** {@code GET /metrics}: the registry's Prometheus text, scraped off the event loop. */
  static void mountMetrics(Router router, Vertx vertx, PrometheusMeterRegistry registry) {
    router.get("/metrics").handler(ctx -> vertx.executeBlocking(registry::scrape)
        .onSuccess(text -> ctx.response()
            .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(text))
        .onFailure(ctx::fail));
  }
}
