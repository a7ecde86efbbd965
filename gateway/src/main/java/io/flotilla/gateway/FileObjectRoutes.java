package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.model.FileObject;
import io.flotilla.model.FileObjectSpec;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code /v1/secrets} and {@code /v1/configs}: create ({@code {"name", "labels", "data"}}, data
 * base64), list, inspect and remove. A secret's answers carry its metadata only; a config's
 * carry its content too, as Swarm's inspect does.
 */
final class FileObjectRoutes {
  /** A config of 1000 KiB is about 1.34 MiB in base64, inside JSON. */
  static final long CONFIG_BODY_LIMIT_BYTES = 1536 * 1024;

  private FileObjectRoutes() {}

  /** The body limit of {@code path}: a config's is larger than every other request's. */
  static long bodyLimit(String path) {
    return "/v1/configs".equals(path) ? CONFIG_BODY_LIMIT_BYTES : GatewayVerticle.BODY_LIMIT_BYTES;
  }

  /** Before the router's general body handler, which then leaves these bodies as read. */
  static void mountBodyLimits(Router router) {
    router.post("/v1/configs").handler(BodyHandler.create(false).setBodyLimit(CONFIG_BODY_LIMIT_BYTES));
  }

  static void mount(Router router, Vertx vertx) {
    mount(router, vertx, "/v1/secrets", Addresses.SECRET_CREATE, Addresses.SECRET_LIST, Addresses.SECRET_GET,
        Addresses.SECRET_REMOVE);
    mount(router, vertx, "/v1/configs", Addresses.CONFIG_CREATE, Addresses.CONFIG_LIST, Addresses.CONFIG_GET,
        Addresses.CONFIG_REMOVE);
  }

  private static void mount(Router router, Vertx vertx, String path, String create, String list, String get,
      String remove) {
    router.post(path).handler(ctx -> {
      FileObjectSpec spec = Requests.body(ctx, FileObjectSpec.class);
      Replies.json(ctx, 201, Bus.request(vertx, create, new Messages.CreateFileObject(spec), FileObject.View.class));
    });
    router.get(path).handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, list, new Messages.FileObjectRef(""), Messages.FileObjectList.class)
            .map(Messages.FileObjectList::items)));
    router.get(path + "/:ref").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, get, new Messages.FileObjectRef(ctx.pathParam("ref")), FileObject.View.class)));
    router.delete(path + "/:ref").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, remove, new Messages.FileObjectRef(ctx.pathParam("ref")), FileObject.View.class)));
  }
}
