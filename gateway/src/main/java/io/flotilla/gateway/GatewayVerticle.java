package io.flotilla.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** Serves the HTTP/JSON API over HTTPS on {@code host:port}, presenting {@code certificate}. */
public final class GatewayVerticle extends VerticleBase {
  static final long BODY_LIMIT_BYTES = 1024 * 1024;

  private final String host;
  private final int port;
  private final PrometheusMeterRegistry registry;
  private final PemKeyCertOptions certificate;
  private HttpServer server;

  public GatewayVerticle(String host, int port, PrometheusMeterRegistry registry, PemKeyCertOptions certificate) {
    this.host = host;
    this.port = port;
    this.registry = registry;
    this.certificate = certificate;
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
    router.errorHandler(404, Errors::handle);
    router.errorHandler(405, Errors::handle);
    HttpServerOptions options = new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate);
    return vertx.createHttpServer(options).requestHandler(router).listen(port, host).onSuccess(s -> server = s);
  }

  /** Presents {@code renewed} from the next connection on (the same files, rewritten, or others). */
  public Future<Boolean> useCertificate(PemKeyCertOptions renewed) {
    return server.updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(renewed), true);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
