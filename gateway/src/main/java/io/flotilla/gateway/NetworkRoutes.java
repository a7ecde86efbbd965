package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.model.Network;
import io.flotilla.model.NetworkSpec;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/** {@code /v1/networks}: create, list, inspect and remove overlay networks. */
final class NetworkRoutes {
  private NetworkRoutes() {}

  static void mount(Router router, Vertx vertx) {
    router.post("/v1/networks").handler(ctx -> {
      NetworkSpec spec = Requests.body(ctx, NetworkSpec.class);
      Replies.json(ctx, 201, Bus.request(vertx, Addresses.NETWORK_CREATE, new Messages.CreateNetwork(spec),
          Network.class));
    });
    router.get("/v1/networks").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.NETWORK_LIST, new Messages.NetworkRef(""), Messages.NetworkList.class)
            .map(Messages.NetworkList::networks)));
    router.get("/v1/networks/:ref").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.NETWORK_GET, new Messages.NetworkRef(ctx.pathParam("ref")), Network.class)));
    router.delete("/v1/networks/:ref").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.NETWORK_REMOVE, new Messages.NetworkRef(ctx.pathParam("ref")), Network.class)));
  }
}
