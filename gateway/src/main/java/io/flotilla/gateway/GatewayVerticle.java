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
import java.util.Objects;

/**
 * Serves the HTTP/JSON API over HTTPS on {@code host:port}, presenting {@code certificate} (the
 * first of its pairs, or another whose name a client asks for by SNI); each call only with an
 * API token whose role allows it.
 */
public final class GatewayVerticle extends VerticleBase {
  static final long BODY_LIMIT_BYTES = 1024 * 1024;

  private final String host;
  private final int port;
  private final PrometheusMeterRegistry registry;
  private final PemKeyCertOptions certificate;
  private final io.flotilla.security.NodeTls nodeTls;
  private HttpServer server;
  private java.nio.file.Path imageDir;
  private io.flotilla.gateway.images.ImageStore images;

  /** Keeps uploaded image archives in {@code dir} (a manager's data directory) and serves them to the agents. */
  public GatewayVerticle storingImagesIn(java.nio.file.Path dir) {
    this.imageDir = dir;
    return this;
  }

  public GatewayVerticle(String host, int port, PrometheusMeterRegistry registry, PemKeyCertOptions certificate) {
    this(host, port, registry, certificate, null);
  }

  /** {@code nodeTls}: this manager's node certificate, presented to the agents when gathering logs. */
  public GatewayVerticle(String host, int port, PrometheusMeterRegistry registry, PemKeyCertOptions certificate,
      io.flotilla.security.NodeTls nodeTls) {
    this.host = host;
    this.port = port;
    this.registry = registry;
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    this.nodeTls = nodeTls;
  }

  private GatewayVerticle(String host, int port, PrometheusMeterRegistry registry) {
    this.host = host;
    this.port = port;
    this.registry = registry;
    this.certificate = null;
    this.nodeTls = null;
  }

  /**
   * The API as plain HTTP with no token check, on a loopback address only: the baseline that
   * bench/api.sh measures HTTPS and tokens against, and the gateway's own tests of its answers.
   * Never a way to run a cluster.
   */
  public static GatewayVerticle plainWithoutTokens(String loopbackHost, int port, PrometheusMeterRegistry registry) {
    if (!loopbackHost.equals("127.0.0.1") && !loopbackHost.equals("::1")) {
      throw new IllegalArgumentException("a plain-HTTP API listens on loopback only, not on " + loopbackHost);
    }
    return new GatewayVerticle(loopbackHost, port, registry);
  }

  @Override
  public Future<?> start() {
    if (imageDir != null) {
      images = new io.flotilla.gateway.images.ImageStore(vertx, imageDir);
      return images.start().compose(v -> {
        images.copyMissing(java.time.Duration.ofSeconds(5));
        return listen();
      });
    }
    return listen();
  }

  private Future<?> listen() {
    Router router = Router.router(vertx);
    FileObjectRoutes.mountBodyLimits(router);
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES);
    router.route().handler(ctx -> {
      if (ctx.request().method() == io.vertx.core.http.HttpMethod.POST && ctx.request().path().equals(ImageRoutes.PATH)) {
        ctx.request().pause(); // an image archive is streamed to disk by its route, after the token check
        ctx.next();
      } else {
        bodies.handle(ctx);
      }
    });
    if (certificate != null) {
      router.route().handler(new BearerAuth(vertx));
    }
    ServiceRoutes.mount(router, vertx);
    ImageRoutes.mount(router, vertx, images);
    TaskRoutes.mount(router, vertx);
    LogRoutes.mount(router, vertx, nodeTls);
    NodeRoutes.mount(router, vertx);
    NetworkRoutes.mount(router, vertx);
    StackRoutes.mount(router, vertx);
    EventRoutes.mount(router, vertx);
    ClusterRoutes.mount(router, vertx);
    TokenRoutes.mount(router, vertx);
    FileObjectRoutes.mount(router, vertx);
    SystemRoutes.mount(router, vertx, registry);
    UiRoutes.mount(router);
    router.route().failureHandler(Errors::handle);
    router.errorHandler(400, Errors::handle);
    router.errorHandler(404, Errors::handle);
    router.errorHandler(405, Errors::handle);
    router.errorHandler(500, Errors::handle);
    HttpServerOptions options = certificate == null ? new HttpServerOptions()
        : new HttpServerOptions().setSsl(true).setSni(true).setKeyCertOptions(certificate);
    return vertx.createHttpServer(options).requestHandler(router).invalidRequestHandler(Errors::invalidRequest)
        .listen(port, host).onSuccess(s -> server = s);
  }

  /** Presents {@code renewed} from the next connection on (the same files, rewritten, or others). */
  public Future<Boolean> useCertificate(PemKeyCertOptions renewed) {
    return server.updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(renewed), true);
  }

  public int actualPort() {
    return server.actualPort();
  }
}
