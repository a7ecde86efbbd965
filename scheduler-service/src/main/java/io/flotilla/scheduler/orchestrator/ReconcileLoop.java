package io.flotilla.scheduler.orchestrator;

import io.flotilla.model.Network;
import io.flotilla.model.Service;
import io.flotilla.scheduler.SchedulerMetrics;
import io.flotilla.scheduler.network.NetworkPlan;
import io.flotilla.scheduler.raft.Proposer;
import io.flotilla.scheduler.raft.RaftNode;
import io.flotilla.scheduler.reconcile.Plan;
import io.flotilla.scheduler.reconcile.Reconciler;
import io.flotilla.scheduler.state.Command;
import io.flotilla.scheduler.state.Lookup;
import io.flotilla.scheduler.state.ManagerState;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's reconciliation: after every applied entry, on a tick and when a delayed action
 * falls due, it asks the {@link Proposer} for a plan, made by the pure {@link Reconciler} (and
 * the network address ranges nodes newly need) from the latest state, in the leader's term.
 */
public final class ReconcileLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

  private final Vertx vertx;
  private final Proposer proposer;
  private final RaftNode raft;
  private final Reconciler reconciler;
  private final SchedulerMetrics metrics;
  private final Duration tick;
  private final RandomGenerator random;
  private long tickTimer = -1;
  private long wakeTimer = -1;
  private boolean requested;
  private boolean running;

  public ReconcileLoop(Vertx vertx, Proposer proposer, RaftNode raft, Reconciler reconciler, SchedulerMetrics metrics,
      Duration tick, RandomGenerator random) {
    this.vertx = vertx;
    this.proposer = proposer;
    this.raft = raft;
    this.reconciler = reconciler;
    this.metrics = metrics;
    this.tick = tick;
    this.random = random;
  }

  public void start() {
    running = true;
    tickTimer = vertx.setPeriodic(tick.toMillis(), id -> request());
    request();
  }

  /** Asks for a plan in the next entry; many requests before it is formed make one plan. */
  public void request() {
    if (!running || requested) {
      return;
    }
    requested = true;
    long term = raft.term();
    proposer.requestPlan(() -> {
      requested = false;
      return running ? plan(term) : Optional.empty();
    });
  }

  private Optional<Command.ApplyPlan> plan(long term) {
    ManagerState state = raft.stateMachine().state();
    long start = System.nanoTime();
    Plan plan = reconciler.reconcile(state.cluster(), Instant.now(), random);
    List<Network> ranges = ranges(state);
    metrics.reconciled(System.nanoTime() - start);
    metrics.update(state.services().values(), state.tasks().values(), state.nodes().values(),
        Lookup.tasksByService(state));
    plan.wakeAt().ifPresent(this::wakeAt);
    if (plan.isEmpty() && ranges.isEmpty()) {
      return Optional.empty();
    }
    for (Service service : plan.services()) {
      LOG.info("service {}: {}", service.name(), service.updateStatus().message());
    }
    return Optional.of(new Command.ApplyPlan(term, state.applied(), plan.upserts(), plan.removals(),
        plan.services(), ranges));
  }

  /** Gives every node that needs a network an address range of it. */
  private static List<Network> ranges(ManagerState state) {
    Map<String, Set<String>> needs = NetworkPlan.needs(state.services(), state.tasks().values(),
        state.networks().values(), state.nodes().values());
    try {
      return NetworkPlan.allocateRanges(state.networks().values(), needs);
    } catch (IllegalStateException e) {
      LOG.error("cannot give a node an address range: {}", e.getMessage());
      return List.of();
    }
  }

  private void wakeAt(Instant at) {
    if (wakeTimer >= 0) {
      vertx.cancelTimer(wakeTimer);
    }
    long delay = Math.max(1, Duration.between(Instant.now(), at).toMillis() + 1);
    wakeTimer = vertx.setTimer(delay, id -> {
      wakeTimer = -1;
      request();
    });
  }

  public void stop() {
    running = false;
    requested = false;
    metrics.stopReporting();
    if (tickTimer >= 0) {
      vertx.cancelTimer(tickTimer);
    }
    if (wakeTimer >= 0) {
      vertx.cancelTimer(wakeTimer);
    }
  }
}
