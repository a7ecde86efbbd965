package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.gateway.logs.LogGathering;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.Task;
import io.flotilla.model.logs.LogOptions;
import io.flotilla.model.logs.LogSources;
import io.flotilla.security.NodeTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;

/**
 * {@code /v1/services/{ref}/logs} and {@code /v1/tasks/{id}/logs}: the tasks' logs gathered from
 * their nodes, streamed as NDJSON ({@link io.flotilla.model.logs.LogRecord}s). Bad options and
 * unknown services or tasks are the API's usual JSON errors, before the stream starts.
 */
final class LogRoutes {
  private LogRoutes() {}

  /** {@code tls}: this manager's node certificate, which the agents admit; null answers 503. */
  static void mount(Router router, Vertx vertx, NodeTls tls) {
    router.get("/v1/services/:ref/logs").handler(ctx -> {
      LogOptions options = options(ctx);
      stream(ctx, vertx, tls, options, Bus.request(vertx, Addresses.TASK_LIST,
          new Messages.TaskQuery(ctx.pathParam("ref"), null, null), Messages.TaskList.class)
          .map(Messages.TaskList::tasks));
    });
    router.get("/v1/tasks/:id/logs").handler(ctx -> {
      LogOptions options = options(ctx);
      String id = ctx.pathParam("id");
      stream(ctx, vertx, tls, options, Bus.request(vertx, Addresses.TASK_LIST,
          new Messages.TaskQuery(null, null, null), Messages.TaskList.class)
          .map(list -> List.of(task(list.tasks(), id))));
    });
  }

  private static LogOptions options(RoutingContext ctx) {
    try {
      return LogOptions.parse(ctx.queryParams()::get, Instant.now());
    } catch (InvalidSpecException e) {
      throw new ApiException(400, e.getMessage());
    }
  }

  /** The task with this id, or the one whose id starts with it. */
  private static Task task(List<Task> tasks, String id) {
    List<Task> matching = tasks.stream().filter(t -> t.id().equals(id)).toList();
    if (matching.isEmpty()) {
      matching = tasks.stream().filter(t -> t.id().startsWith(id)).toList();
    }
    if (matching.isEmpty()) {
      throw new ApiException(404, "no such task: " + id);
    }
    if (matching.size() > 1) {
      throw new ApiException(400, "task id prefix " + id + " is ambiguous: " + matching.size() + " tasks match");
    }
    return matching.get(0);
  }

  private static void stream(RoutingContext ctx, Vertx vertx, NodeTls tls, LogOptions options,
      Future<List<Task>> tasks) {
    if (tls == null) {
      ctx.fail(new ApiException(503, "this manager has no node certificate to ask the agents for logs with"));
      return;
    }
    tasks.compose(list -> Bus.request(vertx, Addresses.NODE_LIST, new Messages.NodeRef(""), Messages.NodeList.class)
            .map(nodes -> LogSources.plan(list, nodes.nodes())))
        .onSuccess(plan -> LogGathering.stream(vertx, tls, plan, options, ctx.response()))
        .onFailure(ctx::fail);
  }
}
