package io.flotilla.scheduler.state;

import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.Ipv4Cidr;
import io.flotilla.model.Network;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskStatus;
import io.flotilla.scheduler.events.ClusterEvents;
import io.flotilla.scheduler.network.NetworkPlan;
import io.flotilla.scheduler.reconcile.Observations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The managers' replicated state machine: every manager applies every committed entry through
 * {@link #apply}, a pure function of the state, the entry and its place in the log, so the same
 * log gives the same state everywhere. It reads no clock and no randomness: both come inside
 * the {@link Proposal}.
 */
public final class StateMachine {
  private StateMachine() {}

  /**
   * Applies the entry at {@code index}, appended in {@code term}, command by command. A command
   * that cannot be applied changes nothing, and its outcome says why.
   */
  public static Applied apply(ManagerState state, Proposal proposal, long index, long term) {
    ManagerState current = state;
    List<Outcome> outcomes = new ArrayList<>();
    List<Messages.Event> events = new ArrayList<>();
    for (Command command : proposal.commands()) {
      Change change = applyOne(current, command, proposal.at(), term);
      current = change.state();
      outcomes.add(change.outcome());
      events.addAll(change.events());
    }
    return new Applied(current.at(index), outcomes, events);
  }

  private static Change applyOne(ManagerState state, Command command, Instant at, long term) {
    try {
      return command.applyTo(state, at, term);
    } catch (InvalidSpecException e) {
      return Change.rejected(state, Outcome.rejected(Failures.BAD_REQUEST, e.getMessage()));
    } catch (Rejection e) {
      return Change.rejected(state, Outcome.rejected(e.status, e.getMessage()));
    } catch (RuntimeException e) {
      return Change.rejected(state, Outcome.rejected(500, "internal error: " + e));
    }
  }

  static Change reportTasks(ManagerState state, Command.ReportTasks reports, Instant at) {
    Map<String, Task> changed = new HashMap<>();
    for (TaskStatus status : reports.statuses()) {
      Task current = changed.getOrDefault(status.taskId(), state.tasks().get(status.taskId()));
      if (current != null) {
        Observations.apply(current, status).ifPresent(t -> changed.put(t.id(), t));
      }
    }
    if (changed.isEmpty()) {
      return new Change(state, Outcome.ok(null), List.of());
    }
    return new Change(state.withTasks(tasks -> tasks.putAll(changed)), Outcome.ok(null),
        ClusterEvents.tasks(state.tasks(), changed.values(), at));
  }

  static Change applyPlan(ManagerState state, Command.ApplyPlan plan, Instant at, long term) {
    if (plan.term() != term || plan.basedOn() != state.applied()) {
      return Change.rejected(state, Outcome.rejected(Failures.CONFLICT, "stale plan: made in term " + plan.term()
          + " on entry " + plan.basedOn() + ", the log is at entry " + state.applied() + " of term " + term));
    }
    List<Messages.Event> events = new ArrayList<>();
    ManagerState next = state;
    if (!plan.services().isEmpty()) {
      plan.services().forEach(s -> events.add(ClusterEvents.service(s.updateStatus().state().json(), s, at)));
      next = next.withServices(services -> plan.services().forEach(s -> services.put(s.id(), s)));
    }
    next = next.withNetworks(plan.networks());
    if (!plan.upserts().isEmpty() || !plan.removals().isEmpty()) {
      next = next.withTasks(tasks -> {
        plan.upserts().forEach(t -> tasks.put(t.id(), t));
        plan.removals().forEach(tasks::remove);
      });
      events.addAll(ClusterEvents.tasks(state.tasks(), plan.upserts(), at));
    }
    return new Change(next, Outcome.ok(null), events);
  }

  /** The routing mesh's network, made when the first service that publishes a port through it needs it. */
  static Optional<Network> ingressFor(ManagerState state, ServiceSpec spec, String ingressId, Ipv4Cidr pool,
      Instant at) {
    if (!spec.publishesIngress() || NetworkPlan.ingress(state.networks().values()).isPresent()) {
      return Optional.empty();
    }
    if (ingressId == null) {
      throw new IllegalStateException("the routing mesh's network needs an id");
    }
    return Optional.of(NetworkPlan.create(ingressId, new NetworkSpec(NetworkSpec.INGRESS, null, null), true,
        state.networks().values(), pool, at));
  }
}
