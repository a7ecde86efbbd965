package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.ext.web.Router;
import java.util.Objects;

/**
 * A node's own {@code GET /metrics} (Prometheus text) over HTTPS, for a process that serves no
 * API (a worker): it presents the node's certificate from the cluster CA and asks any manager
 * whose bearer token a scraper sends, so a readonly API token scrapes workers as it scrapes the
 * managers' API. Every other path is a 404.
 */
public final class MetricsVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final PrometheusMeterRegistry registry;
  private final PemKeyCertOptions certificate;
  private HttpServer server;

  public MetricsVerticle(String host, int port, PrometheusMeterRegistry registry, PemKeyCertOptions certificate) {
    this.host = host;
    this.port = port;
    this.registry = registry;
    this.certificate = Objects.requireNonNull(certificate, "certificate");
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(new BearerAuth(vertx, Addresses.API_TOKEN_CHECK));
    SystemRoutes.mountMetrics(router, vertx, registry);
    router.route().failureHandler(Errors::handle);
    router.errorHandler(404, Errors::handle);
    router.errorHandler(405, Errors::handle);
    router.errorHandler(500, Errors::handle);
    return vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate))
        .requestHandler(router).invalidRequestHandler(Errors::invalidRequest)
        .listen(port, host).onSuccess(s -> server = s);
  }

  /** Presents {@code renewed} from the next connection on. */
  public Future<Boolean> useCertificate(PemKeyCertOptions renewed) {
    return server.updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(renewed), true);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
