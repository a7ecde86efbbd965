package io.flotilla.scheduler.api;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.model.Ids;
import io.flotilla.model.Ipv4Cidr;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.scheduler.membership.RegistryCredentials;
import io.flotilla.scheduler.stack.StackPlan;
import io.flotilla.scheduler.state.Command;
import io.flotilla.scheduler.state.Lookup;
import io.flotilla.scheduler.state.ManagerState;
import io.vertx.core.eventbus.Message;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Services and stacks: created, changed and removed through the log, listed from this manager's state. */
public final class ServiceHandlers {
  private final Endpoints endpoints;
  private final RandomGenerator random;
  private final Ipv4Cidr pool;
  private final RegistryCredentials credentials;

  public ServiceHandlers(Endpoints endpoints, RandomGenerator random, Ipv4Cidr pool) {
    this(endpoints, random, pool, null);
  }

  /** {@code credentials} seal what a write brings in its {@link RegistryCredentials#HEADER}; null ignores it. */
  public ServiceHandlers(Endpoints endpoints, RandomGenerator random, Ipv4Cidr pool, RegistryCredentials credentials) {
    this.endpoints = endpoints;
    this.random = random;
    this.pool = pool;
    this.credentials = credentials;
  }

  /**
   * {@code command} with the credentials the message brings for {@code specs}' registries. A
   * create always says (so a new service never inherits a removed namesake's); an update or a
   * deploy without credentials keeps what the services had, as Swarm does.
   */
  private Command withCredentials(Message<String> message, Command command, List<ServiceSpec> specs,
      boolean creating) {
    if (credentials == null) {
      return command;
    }
    Map<String, io.flotilla.model.RegistryAuth> byRegistry =
        RegistryCredentials.parse(message.headers().get(RegistryCredentials.HEADER));
    if (byRegistry.isEmpty() && !creating) {
      return command;
    }
    Map<String, String> sealed = credentials.sealFor(specs, byRegistry, creating);
    return sealed.isEmpty() ? command : new Command.WithRegistryAuth(command, sealed);
  }

  public void mount() {
    endpoints.serve(Addresses.SERVICE_CREATE, message -> {
      ServiceSpec spec = Endpoints.body(message, Messages.CreateService.class).spec();
      Instant now = Instant.now();
      endpoints.write(message, withCredentials(message,
          new Command.CreateService(new Service(Ids.next(random), 1, spec, null, now, now), Ids.next(random), pool),
          List.of(spec), true));
    });
    endpoints.serve(Addresses.SERVICE_SCALE, message -> {
      Messages.ScaleService request = Endpoints.body(message, Messages.ScaleService.class);
      endpoints.write(message, new Command.ScaleService(request.service(), request.replicas()));
    });
    endpoints.serve(Addresses.SERVICE_UPDATE, message -> {
      Messages.UpdateService request = Endpoints.body(message, Messages.UpdateService.class);
      endpoints.write(message, withCredentials(message, new Command.UpdateService(request.service(),
          request.version(), request.spec(), Ids.next(random), pool), List.of(request.spec()), false));
    });
    endpoints.serve(Addresses.SERVICE_ROLLBACK, message -> endpoints.write(message,
        new Command.RollbackService(Endpoints.body(message, Messages.ServiceRef.class).service())));
    endpoints.serve(Addresses.SERVICE_REMOVE, message -> endpoints.write(message,
        new Command.RemoveService(Endpoints.body(message, Messages.ServiceRef.class).service())));
    endpoints.serve(Addresses.SERVICE_GET, message -> {
      String ref = Endpoints.body(message, Messages.ServiceRef.class).service();
      ManagerState state = endpoints.state();
      Lookup.service(state, ref).ifPresentOrElse(s -> Bus.reply(message, Lookup.view(state, s)),
          () -> message.fail(Failures.NOT_FOUND, "no such service: " + ref));
    });
    endpoints.serve(Addresses.SERVICE_LIST, message -> {
      ManagerState state = endpoints.state();
      Map<String, List<Task>> byService = Lookup.tasksByService(state);
      Bus.reply(message, new Messages.ServiceList(state.services().values().stream()
          .sorted(Comparator.comparing(Service::name))
          .map(s -> Lookup.view(s, byService.getOrDefault(s.id(), List.of())))
          .toList()));
    });
    endpoints.serve(Addresses.STACK_DEPLOY, message -> {
      Messages.DeployStack stack = Endpoints.body(message, Messages.DeployStack.class);
      if (stack.dryRun()) {
        dryRun(message, stack);
      } else {
        endpoints.write(message, withCredentials(message, new Command.DeployStack(stack, random.nextLong(), pool),
            stack.services(), false));
      }
    });
    endpoints.serve(Addresses.STACK_REMOVE, message -> endpoints.write(message,
        new Command.RemoveStack(Endpoints.body(message, Messages.StackRef.class).name())));
    endpoints.serve(Addresses.STACK_LIST, message -> {
      ManagerState state = endpoints.state();
      Bus.reply(message, new Messages.StackList(StackPlan.summaries(
          state.services().values(), state.networks().values())));
    });
  }

  /** What deploying {@code stack} would change, planned on this manager's state and written nowhere. */
  private void dryRun(Message<String> message, Messages.DeployStack stack) {
    ManagerState state = endpoints.state();
    try {
      Bus.reply(message, StackPlan.plan(stack, state.services().values(), state.networks().values(), pool,
          () -> Ids.next(random), Instant.now()).summary());
    } catch (StackPlan.Conflict e) {
      message.fail(Failures.CONFLICT, e.getMessage());
    }
  }
}
