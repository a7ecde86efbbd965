package io.flotilla.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** Serves the HTTP/JSON API on {@code host:port}. */
public final class GatewayVerticle extends VerticleBase {
  static final long BODY_LIMIT_BYTES = 1024 * 1024;

  private final String host;
  private final int port;
  private final PrometheusMeterRegistry registry;
  private HttpServer server;

  public GatewayVerticle(String host, int port, PrometheusMeterRegistry registry) {
    this.host = host;
    this.port = port;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
    ServiceRoutes.mount(router, vertx);
    TaskRoutes.mount(router, vertx);
    NodeRoutes.mount(router, vertx);
    NetworkRoutes.mount(router, vertx);
    StackRoutes.mount(router, vertx);
    EventRoutes.mount(router, vertx);
    ClusterRoutes.mount(router, vertx);
    SystemRoutes.mount(router, vertx, registry);
    router.route().failureHandler(Errors::handle);
    router.errorHandler(400, Errors::handle);
    router.errorHandler(404, Errors::handle);
    router.errorHandler(405, Errors::handle);
    router.errorHandler(500, Errors::handle);
    return vertx.createHttpServer().requestHandler(router).invalidRequestHandler(Errors::invalidRequest)
        .listen(port, host).onSuccess(s -> server = s);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
