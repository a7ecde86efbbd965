package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /v1/events[?type=service,task,node,network]}: what happens in the cluster, as
 * server-sent events ({@code event: TYPE}, {@code data: JSON}), from the moment of the request.
 * A comment every 15 s keeps idle connections (and proxies) from timing out.
 */
final class EventRoutes {
  private static final long KEEPALIVE_MS = 15_000;
  private static final Set<String> TYPES = Set.of("service", "task", "node", "network", "secret", "config");

  private EventRoutes() {}

  static void mount(Router router, Vertx vertx) {
    router.get("/v1/events").handler(ctx -> {
      String typeParam = ctx.queryParams().get("type");
      Set<String> types = typeParam == null || typeParam.isBlank() ? TYPES
          : Arrays.stream(typeParam.split(",")).map(String::trim).collect(Collectors.toSet());
      if (types.isEmpty()) {
        throw new ApiException(400, "type: names no event type (service, task, node, network, secret or config)",
            java.util.Map.of("field", "type"));
      }
      for (String type : types) {
        if (!TYPES.contains(type)) {
          throw new ApiException(400, "type: unknown event type '" + type + "' (service, task, node, network, secret or config)",
              java.util.Map.of("field", "type"));
        }
      }
      HttpServerResponse response = ctx.response().setChunked(true)
          .putHeader("content-type", "text/event-stream")
          .putHeader("cache-control", "no-cache");
      response.write(": flotilla events\n\n");
      MessageConsumer<String> consumer = vertx.eventBus().consumer(Addresses.EVENTS, message -> {
        Messages.Event event = Bus.body(message, Messages.Event.class);
        if (types.contains(event.type()) && !response.closed()) {
          response.write("event: " + event.type() + "\ndata: " + Json.encode(event) + "\n\n");
        }
      });
      long keepalive = vertx.setPeriodic(KEEPALIVE_MS, id -> {
        if (!response.closed()) {
          response.write(": keepalive\n\n");
        }
      });
      response.closeHandler(v -> {
        consumer.unregister();
        vertx.cancelTimer(keepalive);
      });
    });
  }
}
