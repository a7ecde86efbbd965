package io.flotilla.gateway;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.gateway.compose.ComposeFile;
import io.flotilla.gateway.compose.StackSpec;
import io.flotilla.model.InvalidSpecException;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/stacks}: deploy a compose file as a stack, list stacks, remove one. The file is
 * parsed here; an invalid one is a 400 naming the key path, and what the file has that Flotilla
 * does not support comes back as warnings.
 */
final class StackRoutes {
  private StackRoutes() {}

  /**
   * The body of {@code POST /v1/stacks}: the compose file's text and the env files it names, by
   * path, and the images {@code --build} uploaded ({@code builtImages}, by the file's service
   * name); with {@code dryRun}, the answer says what the deploy would change and nothing changes.
   */
  record DeployRequest(String name, String compose, Map<String, String> envFiles, Boolean prune, Boolean dryRun,
      Map<String, io.flotilla.gateway.compose.BuiltImage> builtImages) {}

  /** What {@code POST /v1/stacks} answers; {@code changes} lists, per updated service, the fields that change. */
  record Deployed(String name, boolean dryRun, List<String> created, List<String> updated, List<String> unchanged,
      List<String> removed, List<String> networksCreated, Map<String, List<Messages.FieldChange>> changes,
      List<String> warnings) {}

  static void mount(Router router, Vertx vertx) {
    router.post("/v1/stacks").handler(ctx -> {
      DeployRequest request = Requests.body(ctx, DeployRequest.class);
      if (request.name() == null || request.name().isBlank()) {
        throw new ApiException(400, "name: is required", Map.of("field", "name"));
      }
      if (request.compose() == null || request.compose().isBlank()) {
        throw new ApiException(400, "compose: is required (the compose file's text)", Map.of("field", "compose"));
      }
      boolean dryRun = Boolean.TRUE.equals(request.dryRun());
      Map<String, String> envFiles = request.envFiles() == null ? Map.of() : request.envFiles();
      StackSpec stack;
      try {
        stack = ComposeFile.parse(request.name(), request.compose(), path -> Optional.ofNullable(envFiles.get(path)),
            request.builtImages() == null ? Map.of() : request.builtImages());
      } catch (InvalidSpecException e) {
        throw new ApiException(400, e.getMessage(), Map.of("field", e.field()));
      }
      Replies.json(ctx, 200, Bus.request(vertx, Addresses.STACK_DEPLOY,
          new Messages.DeployStack(stack.name(), stack.services(), stack.networks(), stack.externalNetworks(),
              stack.startAfter(), Boolean.TRUE.equals(request.prune()), dryRun), Messages.StackDeployed.class,
              RegistryAuthHeader.read(ctx))
          .map(done -> new Deployed(done.name(), dryRun, done.created(), done.updated(), done.unchanged(),
              done.removed(), done.networksCreated(), done.changes(), stack.warnings())));
    });
    router.get("/v1/stacks").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.STACK_LIST, new Messages.StackRef(""), Messages.StackList.class)
            .map(Messages.StackList::stacks)));
    router.delete("/v1/stacks/:name").handler(ctx -> Replies.json(ctx, 200,
        Bus.request(vertx, Addresses.STACK_REMOVE, new Messages.StackRef(ctx.pathParam("name")),
            Messages.StackDeployed.class)));
  }
}
