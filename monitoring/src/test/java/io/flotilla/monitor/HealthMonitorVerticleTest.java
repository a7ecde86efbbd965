package io.flotilla.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.model.NodeDescription;
import io.flotilla.model.NodeState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HealthMonitorVerticleTest {
  private static final NodeDescription N1 = new NodeDescription("n1", "host-1", null, null, Map.of(), null, null);

  @Test
  void aRemovedNode_isForgotten_untilItHeartbeatsAgain(Vertx vertx, VertxTestContext test) {
    AtomicReference<List<Messages.NodeLiveness>> lastReport = new AtomicReference<>(List.of());
    vertx.eventBus().<String>consumer(Addresses.NODE_LIVENESS,
        m -> lastReport.set(Bus.body(m, Messages.NodeLivenessReport.class).nodes()));
    Instant before = Instant.now();

    vertx.deployVerticle(new HealthMonitorVerticle(Duration.ofMillis(50), 3, new SimpleMeterRegistry()))
        .compose(deployed -> {
          Bus.publish(vertx, Addresses.NODE_HEARTBEAT, new Messages.Heartbeat(N1, Instant.now()));
          return vertx.timer(150);
        })
        .compose(t -> {
          assertThat(lastReport.get()).singleElement().satisfies(l -> {
            assertThat(l.state()).isEqualTo(NodeState.READY);
            assertThat(l.lastHeartbeat()).isAfterOrEqualTo(before);
          });
          Bus.publish(vertx, Addresses.NODE_REMOVED, new Messages.NodeRef("n1"));
          return vertx.timer(100);
        })
        .compose(t -> {
          lastReport.set(List.of());
          return vertx.timer(150);
        })
        .compose(t -> {
          assertThat(lastReport.get()).as("reports after the removal").isEmpty();
          Bus.publish(vertx, Addresses.NODE_HEARTBEAT, new Messages.Heartbeat(N1, Instant.now()));
          return vertx.timer(150);
        })
        .onComplete(test.succeeding(t -> test.verify(() -> {
          assertThat(lastReport.get()).extracting(l -> l.node().id()).containsExactly("n1");
          test.completeNow();
        })));
  }

  @Test
  void aNodeWhoseAgentStoppedOnPurpose_isHeldReady_untilTheHoldEnds(Vertx vertx, VertxTestContext test) {
    AtomicReference<List<Messages.NodeLiveness>> lastReport = new AtomicReference<>(List.of());
    vertx.eventBus().<String>consumer(Addresses.NODE_LIVENESS,
        m -> lastReport.set(Bus.body(m, Messages.NodeLivenessReport.class).nodes()));

    vertx.deployVerticle(new HealthMonitorVerticle(Duration.ofMillis(50), 3, new SimpleMeterRegistry()))
        .compose(deployed -> {
          Instant now = Instant.now();
          Bus.publish(vertx, Addresses.NODE_HEARTBEAT, new Messages.Heartbeat(N1, now, now.plusMillis(2_000)));
          return vertx.timer(400);
        })
        .compose(t -> {
          assertThat(lastReport.get()).singleElement().extracting(Messages.NodeLiveness::state)
              .as("silent for over three periods, but held").isEqualTo(NodeState.READY);
          return vertx.timer(2_200);
        })
        .onComplete(test.succeeding(t -> test.verify(() -> {
          assertThat(lastReport.get()).singleElement().extracting(Messages.NodeLiveness::state)
              .as("the hold is over and no agent came").isEqualTo(NodeState.DOWN);
          test.completeNow();
        })));
  }
}
