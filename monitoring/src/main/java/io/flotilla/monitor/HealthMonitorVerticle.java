package io.flotilla.monitor;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.model.Node;
import io.flotilla.model.NodeDescription;
import io.flotilla.model.NodeState;
import io.flotilla.monitor.liveness.Liveness;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Listens to every agent's heartbeat and, every period, tells the scheduler the state of
 * every node it knows. Nodes the scheduler already knew when this monitor started count as
 * heard from a grace period after that moment, so a node that never comes back still goes DOWN. A removed node
 * is forgotten until its agent heartbeats again. An agent that stops on purpose says until when to
 * hold its node (its last heartbeat's {@code holdUntil}): the node stays READY until then, or until
 * it beats again, so a restart of the agent moves none of its tasks.
 */
public final class HealthMonitorVerticle extends VerticleBase {
  private final Liveness liveness;
  private final MultiGauge heartbeatAge;
  private final Map<String, NodeDescription> described = new HashMap<>();
  private final Map<String, Instant> lastHeard = new HashMap<>();
  private final Map<String, Instant> heldUntil = new HashMap<>();
  private final Map<String, NodeState> lastReported = new HashMap<>();
  private Instant lastReport;

  public HealthMonitorVerticle(Duration heartbeatPeriod, int missedBeats, MeterRegistry registry) {
    this.liveness = new Liveness(heartbeatPeriod, missedBeats);
    this.heartbeatAge = MultiGauge.builder("flotilla_node_heartbeat_age_seconds")
        .description("Seconds since each node's last heartbeat").register(registry);
  }

  @Override
  public Future<?> start() {
    vertx.eventBus().<String>consumer(Addresses.NODE_HEARTBEAT, message -> {
      Messages.Heartbeat beat = Bus.body(message, Messages.Heartbeat.class);
      boolean isNew = !described.containsKey(beat.node().id());
      described.put(beat.node().id(), beat.node());
      lastHeard.put(beat.node().id(), Instant.now());
      if (beat.holdUntil() != null) {
        heldUntil.put(beat.node().id(), beat.holdUntil());
      } else {
        heldUntil.remove(beat.node().id());
      }
      if (isNew) {
        report();
      }
    });
    vertx.eventBus().<String>consumer(Addresses.NODE_REMOVED, message -> {
      String nodeId = Bus.body(message, Messages.NodeRef.class).node();
      described.remove(nodeId);
      lastHeard.remove(nodeId);
      heldUntil.remove(nodeId);
    });
    adoptKnownNodes();
    // Judge often, so a node is declared down right after its third missed beat, not up to a
    // period later; tell the scheduler at once on a change and every period regardless.
    vertx.setPeriodic(Math.max(50, liveness.period().toMillis() / 5), id -> judge());
    return Future.succeededFuture();
  }

  private void judge() {
    Instant now = Instant.now();
    Map<String, NodeState> states = new HashMap<>();
    lastHeard.forEach((id, heard) -> states.put(id, stateOf(id, heard, now)));
    if (!states.equals(lastReported) || lastReport == null
        || Duration.between(lastReport, now).compareTo(liveness.period()) >= 0) {
      report();
    }
  }

  /**
   * The nodes the managers already knew get this long after the monitor starts before their
   * silence counts: when every manager restarts at once, agents take a few seconds to find the
   * new processes, and their nodes must not go DOWN (and their tasks move) meanwhile.
   */
  private static final Duration STARTUP_GRACE = Duration.ofSeconds(10);

  private void adoptKnownNodes() {
    Instant startedAt = Instant.now().plus(STARTUP_GRACE);
    Bus.request(vertx, Addresses.NODE_LIST, new Messages.NodeRef(""), Messages.NodeList.class)
        .onSuccess(list -> {
          for (Node node : list.nodes()) {
            described.putIfAbsent(node.id(), new NodeDescription(node.id(), node.hostname(), node.address(),
                node.role(), node.labels(), node.resources(), node.engineVersion()));
            lastHeard.putIfAbsent(node.id(), startedAt);
          }
        })
        .onFailure(e -> vertx.setTimer(liveness.period().toMillis(), id -> adoptKnownNodes()));
  }

  private NodeState stateOf(String nodeId, Instant heard, Instant now) {
    Instant held = heldUntil.get(nodeId);
    return liveness.stateOf(held != null && held.isAfter(heard) ? held : heard, now);
  }

  private void report() {
    Instant now = Instant.now();
    lastReport = now;
    lastReported.clear();
    List<Messages.NodeLiveness> nodes = new ArrayList<>();
    List<MultiGauge.Row<?>> ages = new ArrayList<>();
    described.forEach((id, description) -> {
      Instant heard = lastHeard.get(id);
      NodeState state = stateOf(id, heard, now);
      lastReported.put(id, state);
      nodes.add(new Messages.NodeLiveness(description, state, heard));
      ages.add(MultiGauge.Row.of(Tags.of("node", description.hostname()),
          Math.max(0, Duration.between(heard, now).toMillis()) / 1000.0));
    });
    heartbeatAge.register(ages, true);
    if (!nodes.isEmpty()) {
      Bus.send(vertx, Addresses.NODE_LIVENESS, new Messages.NodeLivenessReport(nodes));
    }
  }
}
