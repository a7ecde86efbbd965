package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.model.Node;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/** {@code /v1/nodes}: list and inspect. */
final class NodeRoutes {
  private NodeRoutes() {}

  static void mount(Router router, Vertx vertx) {
    router.get("/v1/nodes").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.NODE_LIST, new Messages.NodeRef(""), Messages.NodeList.class)
            .map(Messages.NodeList::nodes)));
    router.get("/v1/nodes/:ref").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.NODE_GET, new Messages.NodeRef(ctx.pathParam("ref")), Node.class)));
  }
}
