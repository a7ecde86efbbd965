package io.flotilla.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static io.flotilla.scheduler.TestManager.await;
import static io.flotilla.scheduler.TestManager.eventually;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.model.Availability;
import io.flotilla.model.Node;
import io.flotilla.model.NodeDescription;
import io.flotilla.model.NodeRole;
import io.flotilla.model.NodeState;
import io.flotilla.model.NodeUpdate;
import io.flotilla.model.Resources;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Node update and removal over the bus, against a real scheduler verticle and its journal. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NodeManagementTest {
  @TempDir Path dataDir;
  private Vertx vertx;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    TestManager.start(vertx, dataDir);
  }


  private static NodeDescription described(String id, Map<String, String> labels) {
    return new NodeDescription(id, "host-" + id, "10.0.0.1", NodeRole.WORKER, labels,
        new Resources.Amount(2, 1L << 30), "20.10");
  }

  /** What a health monitor sends: the node, its state, and when it was last heard from. */
  private void liveness(String id, NodeState state, Instant lastHeartbeat) {
    Bus.send(vertx, Addresses.NODE_LIVENESS, new Messages.NodeLivenessReport(
        List.of(new Messages.NodeLiveness(described(id, Map.of("zone", "agent")), state, lastHeartbeat))));
  }

  /** Reports the node, as a monitor does every period, until the scheduler knows it. */
  private void registered(String id, NodeState state, Instant lastHeartbeat) throws InterruptedException {
    eventually(() -> {
      liveness(id, state, lastHeartbeat);
      return known(id);
    });
  }

  private int probes;

  /**
   * Returns once the liveness reports sent before it were handled: reports are handled in
   * order, so once a report of a new node sent after them has registered it, they were too.
   */
  private void processed() throws InterruptedException {
    String probe = "probe" + probes++;
    liveness(probe, NodeState.READY, Instant.now());
    eventually(() -> known(probe));
  }

  private Node node(String ref) throws Exception {
    return await(Bus.request(vertx, Addresses.NODE_GET, new Messages.NodeRef(ref), Node.class));
  }

  private boolean known(String ref) {
    return succeeds(Addresses.NODE_GET, new Messages.NodeRef(ref), Node.class);
  }

  private Node update(String ref, NodeUpdate update) throws Exception {
    return await(Bus.request(vertx, Addresses.NODE_UPDATE, new Messages.UpdateNode(ref, update), Node.class));
  }

  private Node remove(String ref, boolean force) throws Exception {
    return await(Bus.request(vertx, Addresses.NODE_REMOVE, new Messages.RemoveNode(ref, force), Node.class));
  }

  @Test
  void update_setsAvailabilityAndLabels_whichLaterHeartbeatsDoNotUndo() throws Exception {
    registered("n1", NodeState.READY, Instant.now());

    Node updated = update("host-n1", new NodeUpdate(Availability.DRAIN, null, Map.of("zone", "c"), null));
    liveness("n1", NodeState.READY, Instant.now());
    processed();

    assertThat(updated.availability()).isEqualTo(Availability.DRAIN);
    assertThat(updated.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("zone", "c"));
    assertThat(node("n1").labels()).containsExactlyInAnyOrderEntriesOf(Map.of("zone", "c"));
    assertThat(node("n1").availability()).isEqualTo(Availability.DRAIN);
  }

  @Test
  void aReadyNode_isRemovedOnlyByForce() throws Exception {
    registered("n1", NodeState.READY, Instant.now());

    assertThatThrownBy(() -> remove("n1", false)).isInstanceOfSatisfying(ReplyException.class, e -> {
      assertThat(e.failureCode()).isEqualTo(Failures.CONFLICT);
      assertThat(e.getMessage()).contains("host-n1").contains("READY").contains("only a DOWN node can be removed");
    });
    assertThat(known("n1")).isTrue();

    assertThat(remove("n1", true).id()).isEqualTo("n1");
    assertThat(known("n1")).isFalse();
  }

  @Test
  void aRemovedNode_staysRemovedUntilItsAgentHeartbeatsAgain() throws Exception {
    List<String> forgotten = new CopyOnWriteArrayList<>();
    vertx.eventBus().<String>consumer(Addresses.NODE_REMOVED,
        m -> forgotten.add(Bus.body(m, Messages.NodeRef.class).node()));
    Instant lastHeard = Instant.now();
    registered("n2", NodeState.DOWN, lastHeard);

    remove("n2", false);
    liveness("n2", NodeState.DOWN, lastHeard);
    processed();

    assertThat(known("n2")).isFalse();
    assertThat(forgotten).containsExactly("n2");

    registered("n2", NodeState.READY, Instant.now().plusMillis(1));
    assertThat(node("n2").state()).isEqualTo(NodeState.READY);
    assertThat(node("n2").labels()).containsExactlyInAnyOrderEntriesOf(Map.of("zone", "agent"));
  }

  @Test
  void anUnknownNode_isNotFound() {
    assertThatThrownBy(() -> update("nope", new NodeUpdate(Availability.PAUSE, null, null, null)))
        .isInstanceOfSatisfying(ReplyException.class, e -> {
          assertThat(e.failureCode()).isEqualTo(Failures.NOT_FOUND);
          assertThat(e.getMessage()).isEqualTo("no such node: nope");
        });
    assertThatThrownBy(() -> remove("nope", true)).isInstanceOfSatisfying(ReplyException.class,
        e -> assertThat(e.failureCode()).isEqualTo(Failures.NOT_FOUND));
  }

  private <T> boolean succeeds(String address, Object payload, Class<T> type) {
    try {
      await(Bus.request(vertx, address, payload, type));
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
