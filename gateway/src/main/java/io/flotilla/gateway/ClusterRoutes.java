package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.model.NodeRole;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.Map;

/** {@code /v1/cluster}: joining, and the join tokens. */
final class ClusterRoutes {
  record RotateRequest(NodeRole role) {}

  private ClusterRoutes() {}

  static void mount(Router router, Vertx vertx) {
    router.post("/v1/cluster/join").handler(ctx -> {
      Messages.JoinRequest request = Requests.body(ctx, Messages.JoinRequest.class);
      if (request.token() == null || request.token().isBlank()) {
        throw new ApiException(400, "token: is required", Map.of("field", "token"));
      }
      Replies.json(ctx, 200, Bus.request(vertx, Addresses.CLUSTER_JOIN, request, Messages.JoinGrant.class));
    });
    router.get("/v1/cluster/join-tokens").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.JOIN_TOKENS_GET, new Messages.NodeRef(""), Messages.JoinTokenList.class)));
    router.post("/v1/cluster/join-tokens/rotate").handler(ctx -> {
      RotateRequest rotate = Requests.body(ctx, RotateRequest.class);
      if (rotate.role() == null) {
        throw new ApiException(400, "role: is required (worker or manager)", Map.of("field", "role"));
      }
      Replies.json(ctx, 200, Bus.request(vertx, Addresses.JOIN_TOKEN_ROTATE,
          new Messages.RotateJoinToken(rotate.role()), Messages.JoinTokenList.class));
    });
  }
}
