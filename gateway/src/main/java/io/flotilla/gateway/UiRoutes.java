package io.flotilla.gateway;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * {@code /ui}: the web dashboard, static files from the jar's {@code ui/} resources. They carry
 * no cluster data, so they need no token ({@link io.flotilla.gateway.access.AccessRules}); the
 * page sends the token its user signs in with on every API call it makes. A strict
 * Content-Security-Policy lets the page run only this origin's script files (no inline script)
 * and talk only to this origin; every answer is revalidated ({@code no-cache}, with
 * {@code Last-Modified}), so a manager upgraded in place serves its new page at once.
 */
final class UiRoutes {
  static final String PATH = "/ui";
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private UiRoutes() {}

  static void mount(Router router) {
    StaticHandler assets = StaticHandler.create("ui")
        .setDirectoryListing(false)
        .setIndexPage("index.html")
        .setIncludeHidden(false)
        .setCachingEnabled(true)
        .setMaxAgeSeconds(0)
        .setDefaultContentEncoding("UTF-8");
    router.route(PATH + "/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(UiRoutes::toTheDirectory)
        .handler(UiRoutes::securityHeaders)
        .handler(assets);
  }

  /** {@code /ui} to {@code /ui/}, so that the page's relative asset paths resolve under it. */
  private static void toTheDirectory(RoutingContext ctx) {
    if (ctx.normalizedPath().equals(PATH)) {
      ctx.response().setStatusCode(301).putHeader("location", PATH + "/").end();
    } else {
      ctx.next();
    }
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("content-security-policy", CONTENT_SECURITY_POLICY)
        .putHeader("x-content-type-options", "nosniff")
        .putHeader("referrer-policy", "no-referrer")
        .putHeader("x-frame-options", "DENY");
    ctx.addHeadersEndHandler(v -> {
      if (ctx.response().getStatusCode() < 400) {
        ctx.response().putHeader("cache-control", "no-cache");
      }
    });
    ctx.next();
  }
}
