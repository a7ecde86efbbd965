package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.model.Node;
import io.flotilla.model.NodeUpdate;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code /v1/nodes}: list, inspect, update (PATCH availability and labels), promote to manager,
 * demote to worker, and remove (a DOWN worker, or any worker with {@code ?force=true}).
 */
final class NodeRoutes {
  /** A promoted node starts a manager and catches up with the log before it is in the group. */
  private static final java.time.Duration MEMBERSHIP_CHANGE = java.time.Duration.ofSeconds(60);

  private NodeRoutes() {}

  static void mount(Router router, Vertx vertx) {
    router.get("/v1/nodes").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.NODE_LIST, new Messages.NodeRef(""), Messages.NodeList.class)
            .map(Messages.NodeList::nodes)));
    router.get("/v1/nodes/:ref").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.NODE_GET, new Messages.NodeRef(ctx.pathParam("ref")), Node.class)));
    router.patch("/v1/nodes/:ref").handler(ctx -> {
      NodeUpdate update = Requests.body(ctx, NodeUpdate.class);
      Replies.json(ctx, 200, Bus.request(vertx, Addresses.NODE_UPDATE,
          new Messages.UpdateNode(ctx.pathParam("ref"), update), Node.class));
    });
    router.post("/v1/nodes/:ref/promote").handler(ctx -> Replies.json(ctx, 200, Bus.request(vertx,
        Addresses.NODE_PROMOTE, new Messages.NodeRef(ctx.pathParam("ref")), Node.class, MEMBERSHIP_CHANGE)));
    router.post("/v1/nodes/:ref/demote").handler(ctx -> Replies.json(ctx, 200, Bus.request(vertx,
        Addresses.NODE_DEMOTE, new Messages.NodeRef(ctx.pathParam("ref")), Node.class, MEMBERSHIP_CHANGE)));
    router.delete("/v1/nodes/:ref").handler(ctx -> Replies.json(ctx, 200, Bus.request(vertx,
        Addresses.NODE_REMOVE, new Messages.RemoveNode(ctx.pathParam("ref"), force(ctx)), Node.class)));
  }

  private static boolean force(RoutingContext ctx) {
    String force = ctx.queryParams().get("force");
    if (force == null || force.isEmpty() || force.equalsIgnoreCase("false")) {
      return false;
    }
    if (force.equalsIgnoreCase("true")) {
      return true;
    }
    throw new ApiException(400, "force: expected true or false, not '" + force + "'", Map.of("field", "force"));
  }
}
