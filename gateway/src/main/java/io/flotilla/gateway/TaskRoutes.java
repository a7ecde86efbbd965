package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/** {@code /v1/tasks?service=&node=&state=}. */
final class TaskRoutes {
  private TaskRoutes() {}

  static void mount(Router router, Vertx vertx) {
    router.get("/v1/tasks").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.TASK_LIST, new Messages.TaskQuery(ctx.queryParams().get("service"),
            ctx.queryParams().get("node"), ctx.queryParams().get("state")), Messages.TaskList.class)
            .map(Messages.TaskList::tasks)));
  }
}
