package io.flotilla.overlay.mesh;

import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection on its way to a task: tries the tasks in the given order until one
 * accepts, then splices the two sockets together. Runs entirely on the client connection's
 * event loop, so its state needs no locking.
 */
final class Forwarding {
  private static final Logger LOG = LoggerFactory.getLogger(Forwarding.class);

  enum Outcome { FORWARDED, NO_TASK_ANSWERED, CLIENT_LEFT }

  private final NetSocket inbound;
  private final NetClient client;
  private final Consumer<Outcome> outcomes;
  private boolean clientLeft;

  private Forwarding(NetSocket inbound, NetClient client, Consumer<Outcome> outcomes) {
    this.inbound = inbound;
    this.client = client;
    this.outcomes = outcomes;
  }

  /**
   * Pauses {@code inbound} until one of {@code tasks} answers, or closes it if none does. The
   * outcome is reported before the client can see it, so counters read afterwards are exact.
   */
  static void forward(NetSocket inbound, NetClient client, List<SocketAddress> tasks, Consumer<Outcome> outcomes) {
    inbound.pause();
    Forwarding forwarding = new Forwarding(inbound, client, outcomes);
    // A client may hang up while the tasks are being tried; then no backend connection may outlive it.
    inbound.closeHandler(v -> forwarding.clientLeft = true);
    forwarding.tryFrom(List.copyOf(tasks), 0);
  }

  private void tryFrom(List<SocketAddress> tasks, int index) {
    if (clientLeft) {
      outcomes.accept(Outcome.CLIENT_LEFT);
    } else if (index == tasks.size()) {
      outcomes.accept(Outcome.NO_TASK_ANSWERED);
      inbound.close();
    } else {
      SocketAddress task = tasks.get(index);
      client.connect(task)
          .onSuccess(this::splice)
          .onFailure(e -> {
            LOG.debug("routing mesh: task {} does not answer ({}); trying the next one", task, e.getMessage());
            tryFrom(tasks, index + 1);
          });
    }
  }

  private void splice(NetSocket outbound) {
    if (clientLeft) {
      outcomes.accept(Outcome.CLIENT_LEFT);
      outbound.close();
      return;
    }
    outcomes.accept(Outcome.FORWARDED);
    inbound.closeHandler(v -> outbound.close());
    outbound.closeHandler(v -> inbound.close());
    // Each pipe ends (closes) its destination when its source ends, and resumes the paused inbound.
    inbound.pipeTo(outbound);
    outbound.pipeTo(inbound);
  }
}
