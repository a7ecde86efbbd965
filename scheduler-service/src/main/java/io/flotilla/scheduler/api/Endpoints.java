package io.flotilla.scheduler.api;

import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Json;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.scheduler.raft.Proposer;
import io.flotilla.scheduler.raft.RaftNode;
import io.flotilla.scheduler.state.Command;
import io.flotilla.scheduler.state.ManagerState;
import io.flotilla.scheduler.state.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every API handler of a manager shares: its local endpoints, reads from this manager's
 * state, and writes proposed to the Raft group with their outcome as the reply.
 */
public final class Endpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);

  private final Vertx vertx;
  private final RaftNode raft;
  private final Proposer proposer;
  private final List<MessageConsumer<String>> consumers = new ArrayList<>();

  public Endpoints(Vertx vertx, RaftNode raft, Proposer proposer) {
    this.vertx = vertx;
    this.raft = raft;
    this.proposer = proposer;
  }

  Vertx vertx() {
    return vertx;
  }

  RaftNode raft() {
    return raft;
  }

  ManagerState state() {
    return raft.stateMachine().state();
  }

  /** Serves {@code address} to this process only; a bad spec answers 400, a bug 500. */
  public void serve(String address, Handler<Message<String>> handler) {
    consumers.add(vertx.eventBus().localConsumer(address, message -> {
      try {
        handler.handle(message);
      } catch (InvalidSpecException e) {
        message.fail(Failures.BAD_REQUEST, e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("handler of {} failed", address, e);
        message.fail(500, "internal error: " + e);
      }
    }));
  }

  /** Serves {@code address} to the whole cluster (for nodes that are not managers yet) until it is unregistered. */
  MessageConsumer<String> serveCluster(String address, Handler<Message<String>> handler) {
    return vertx.eventBus().consumer(address, message -> {
      try {
        handler.handle(message);
      } catch (RuntimeException e) {
        LOG.error("handler of {} failed", address, e);
        message.fail(500, "internal error: " + e);
      }
    });
  }

  /** Proposes {@code command} and answers with its outcome's value, or the reason it was refused. */
  void write(Message<String> message, Command command) {
    write(message, command, outcome -> Bus.reply(message, outcome.value()));
  }

  void write(Message<String> message, Command command, Handler<Outcome> onSuccess) {
    propose(command).onComplete(result -> {
      if (result.failed()) {
        fail(message, result.cause());
      } else if (!result.result().isOk()) {
        message.fail(result.result().status(), result.result().error());
      } else {
        onSuccess.handle(result.result());
      }
    });
  }

  Future<Outcome> propose(Command command) {
    return proposer.propose(command);
  }

  static void fail(Message<String> message, Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof RaftNode.NoQuorumException noQuorum) {
      message.fail(Failures.UNAVAILABLE, "no quorum: " + noQuorum.getMessage());
    } else {
      LOG.error("a write failed", cause);
      message.fail(Failures.UNAVAILABLE, "could not store the change: " + cause.getMessage());
    }
  }

  static void reply(Message<String> message, Supplier<Object> value) {
    Bus.reply(message, value.get());
  }

  static <T> T body(Message<String> message, Class<T> type) {
    return Json.decode(message.body(), type);
  }

  public Future<Void> close() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }
}
