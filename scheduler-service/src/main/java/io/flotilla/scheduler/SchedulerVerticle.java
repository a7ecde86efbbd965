package io.flotilla.scheduler;

import com.hazelcast.core.HazelcastInstance;
import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.scheduler.api.ApiTokenHandlers;
import io.flotilla.scheduler.api.Endpoints;
import io.flotilla.scheduler.api.MembershipHandlers;
import io.flotilla.scheduler.api.NetworkHandlers;
import io.flotilla.scheduler.api.NodeHandlers;
import io.flotilla.scheduler.api.ServiceHandlers;
import io.flotilla.scheduler.dispatcher.Dispatcher;
import io.flotilla.scheduler.api.FileObjectHandlers;
import io.flotilla.scheduler.membership.SecretSeal;
import io.flotilla.scheduler.leadership.Leadership;
import io.flotilla.scheduler.orchestrator.ReconcileLoop;
import io.flotilla.scheduler.raft.Proposer;
import io.flotilla.scheduler.raft.RaftNode;
import io.flotilla.scheduler.raft.RaftStateMachine;
import io.flotilla.scheduler.reconcile.Reconciler;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A manager's scheduler, put together: its member of the Raft group, the API handlers every
 * manager serves from its own state, and, while it leads, the dispatcher and the reconcile loop.
 */
public final class SchedulerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerVerticle.class);

  private final SchedulerConfig config;
  private final Optional<HazelcastInstance> hazelcast;
  private final SchedulerMetrics metrics;
  private final RandomGenerator random = new SecureRandom();
  private final CompletableFuture<RaftNode> starting;
  private RaftNode raft;
  private Endpoints endpoints;
  private Leadership leadership;
  private Dispatcher dispatcher;
  private ReconcileLoop reconcileLoop;
  private MembershipHandlers membership;

  /** {@code raft} is this manager's Raft member, from {@link #startRaft}, started or on its way. */
  public SchedulerVerticle(SchedulerConfig config, MeterRegistry registry, Optional<HazelcastInstance> hazelcast,
      CompletableFuture<RaftNode> raft) {
    this.config = config;
    this.hazelcast = hazelcast;
    this.metrics = new SchedulerMetrics(registry);
    this.starting = raft;
  }

  /**
   * Starts the Raft member of {@code config} on a thread of its own, so that it recovers its log
   * while the rest of the process starts.
   */
  public static CompletableFuture<RaftNode> startRaft(SchedulerConfig config) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return RaftNode.start(config.cluster().clusterId(), config.self(), config.peers(),
            config.dataDir().resolve("raft"), new RaftStateMachine(), config.tls());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot start the manager's Raft member: " + e.getMessage(), e);
      }
    }, runnable -> new Thread(runnable, "flotilla-raft-start").start());
  }

  @Override
  public Future<?> start() {
    return Future.fromCompletionStage(starting, context)
        .map(started -> {
          raft = started;
          RaftStateMachine stateMachine = raft.stateMachine();
          var events = context;
          stateMachine.onApplied(entry -> events.runOnContext(v -> applied(entry)));
          Proposer proposer = new Proposer(context, raft);
          endpoints = new Endpoints(vertx, raft, proposer);
          new ServiceHandlers(endpoints, random, config.networkPool(),
              new io.flotilla.scheduler.membership.RegistryCredentials(config.cluster())).mount();
          new io.flotilla.scheduler.api.ImageHandlers(endpoints, config.self().id()).mount();
          new NetworkHandlers(endpoints, random, config.networkPool()).mount();
          new NodeHandlers(endpoints).mount();
          new ApiTokenHandlers(endpoints, random).mount();
          SecretSeal seal = new SecretSeal(config.cluster());
          new FileObjectHandlers(endpoints, random, seal).mount();
          membership = new MembershipHandlers(endpoints, config.cluster(), config.tls(), config.heartbeatPeriod(),
              this::busMembers);
          membership.mount();
          dispatcher = new Dispatcher(vertx, proposer, stateMachine, metrics, config.assignmentRefresh(), seal,
              new io.flotilla.scheduler.membership.RegistryCredentials(config.cluster()));
          dispatcher.serve();
          reconcileLoop = new ReconcileLoop(vertx, proposer, raft, new Reconciler(config.settings()), metrics,
              config.tick(), random);
          leadership = new Leadership(vertx, raft, this::lead);
          leadership.start();
          LOG.info("manager {} in the Raft group at {} ({} managers), data in {}", config.self().id(),
              config.self().address(), raft.peers().size(), config.dataDir());
          return null;
        });
  }

  public RaftNode raft() {
    return raft;
  }

  private void lead(boolean leading) {
    if (leading) {
      var state = raft.stateMachine().state();
      LOG.info("scheduling as the leader: {} services, {} tasks, {} nodes", state.services().size(),
          state.tasks().size(), state.nodes().size());
      dispatcher.lead();
      reconcileLoop.start();
      membership.lead();
    } else {
      membership.stopLeading();
      reconcileLoop.stop();
      dispatcher.stopLeading();
    }
  }

  /** Only the leader publishes events and dispatches, so each happens once in the cluster. */
  private void applied(RaftStateMachine.Entry entry) {
    if (leadership == null || !leadership.isLeader()) {
      return;
    }
    entry.applied().events().forEach(event -> Bus.publish(vertx, Addresses.EVENTS, event));
    dispatcher.applied(entry);
    reconcileLoop.request();
  }

  private List<String> busMembers() {
    return hazelcast.map(hz -> hz.getCluster().getMembers().stream()
            .filter(m -> !m.isLiteMember())
            .map(m -> m.getAddress().getHost() + ":" + m.getAddress().getPort())
            .sorted().toList())
        .orElse(List.of());
  }

  @Override
  public Future<?> stop() {
    if (leadership != null) {
      leadership.stop();
    }
    Future<Void> unregistered = endpoints == null ? Future.succeededFuture()
        : endpoints.close().compose(v -> dispatcher.close());
    return unregistered.compose(v -> raft == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      raft.close();
      return null;
    }));
  }
}
