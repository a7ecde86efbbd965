package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.model.ServiceSpec;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.Map;

/** {@code /v1/services}: create, list, inspect, scale, remove. */
final class ServiceRoutes {
  record ScaleRequest(Integer replicas) {}

  private ServiceRoutes() {}

  static void mount(Router router, Vertx vertx) {
    router.post("/v1/services").handler(ctx -> {
      ServiceSpec spec = Requests.body(ctx, ServiceSpec.class);
      Replies.json(ctx, 201, Bus.request(vertx, Addresses.SERVICE_CREATE, new Messages.CreateService(spec),
          Messages.ServiceView.class, RegistryAuthHeader.read(ctx)).map(ServiceResource::of));
    });
    router.get("/v1/services").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.SERVICE_LIST, new Messages.ServiceRef(""), Messages.ServiceList.class)
            .map(list -> list.services().stream().map(ServiceResource::of).toList())));
    router.get("/v1/services/:ref").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.SERVICE_GET, new Messages.ServiceRef(ctx.pathParam("ref")),
            Messages.ServiceView.class).map(ServiceResource::of)));
    router.post("/v1/services/:ref/scale").handler(ctx -> {
      ScaleRequest scale = Requests.body(ctx, ScaleRequest.class);
      if (scale.replicas() == null) {
        throw new ApiException(400, "replicas: is required", Map.of("field", "replicas"));
      }
      if (scale.replicas() < 0) {
        throw new ApiException(400, "replicas: must not be negative, got " + scale.replicas(),
            Map.of("field", "replicas"));
      }
      Replies.json(ctx, 200, Bus.request(vertx, Addresses.SERVICE_SCALE,
          new Messages.ScaleService(ctx.pathParam("ref"), scale.replicas()), Messages.ServiceView.class)
          .map(ServiceResource::of));
    });
    router.put("/v1/services/:ref").handler(ctx -> {
      UpdateRequest update = Requests.body(ctx, UpdateRequest.class);
      if (update.version() == null) {
        throw new ApiException(400, "version: is required (the service's current version, as GET returns it)",
            Map.of("field", "version"));
      }
      if (update.spec() == null) {
        throw new ApiException(400, "spec: is required", Map.of("field", "spec"));
      }
      Replies.json(ctx, 200, Bus.request(vertx, Addresses.SERVICE_UPDATE,
          new Messages.UpdateService(ctx.pathParam("ref"), update.version(), update.spec()),
          Messages.ServiceView.class, RegistryAuthHeader.read(ctx)).map(ServiceResource::of));
    });
    router.post("/v1/services/:ref/rollback").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.SERVICE_ROLLBACK, new Messages.ServiceRef(ctx.pathParam("ref")),
            Messages.ServiceView.class).map(ServiceResource::of)));
    router.delete("/v1/services/:ref").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.SERVICE_REMOVE, new Messages.ServiceRef(ctx.pathParam("ref")),
            Messages.ServiceView.class).map(ServiceResource::of)));
  }

  /** The body of {@code PUT /v1/services/{ref}}: the whole new spec and the version it replaces. */
  record UpdateRequest(Long version, ServiceSpec spec) {}
}
