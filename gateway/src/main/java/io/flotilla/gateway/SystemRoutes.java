package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.Map;

/** {@code /health} (ready once a scheduler leader answers) and {@code /metrics} (Prometheus text). */
final class SystemRoutes {
  private SystemRoutes() {}

  static void mount(Router router, Vertx vertx, PrometheusMeterRegistry registry) {
    router.get("/health").handler(ctx -> Bus.request(vertx, Addresses.NODE_LIST, new Messages.NodeRef(""),
            Messages.NodeList.class)
        .onSuccess(nodes -> ctx.response().putHeader("content-type", "application/json")
            .end(Json.encode(Map.of("status", "ready", "nodes", nodes.nodes().size()))))
        .onFailure(e -> ctx.response().setStatusCode(503).putHeader("content-type", "application/json")
            .end(Json.encode(Map.of("status", "starting", "error", "no scheduler leader answers yet")))));
    router.get("/metrics").handler(ctx -> vertx.executeBlocking(registry::scrape)
        .onSuccess(text -> ctx.response()
            .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(text))
        .onFailure(ctx::fail));
  }
}
