package io.flotilla.scheduler.raft;

import io.flotilla.scheduler.state.Command;
import io.flotilla.scheduler.state.Outcome;
import io.flotilla.scheduler.state.Proposal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change this manager proposes goes through here, on its event loop, with one log entry
 * in flight at a time: commands that arrive meanwhile go together into the next entry (group
 * commit). A plan is made only when its entry is formed, from the state that includes every
 * entry proposed before it, and goes first in that entry, so it applies to exactly the state it
 * was made from.
 */
public final class Proposer {
  private static final Logger LOG = LoggerFactory.getLogger(Proposer.class);

  private record Waiting(Command command, Promise<Outcome> promise) {}

  private final Context context;
  private final RaftNode raft;
  private final List<Waiting> queued = new ArrayList<>();
  private Supplier<Optional<Command.ApplyPlan>> planner;
  private boolean inFlight;

  public Proposer(Context context, RaftNode raft) {
    this.context = context;
    this.raft = raft;
  }

  /** Completes with the command's outcome once committed, or fails with {@link RaftNode.NoQuorumException}. */
  public Future<Outcome> propose(Command command) {
    Promise<Outcome> promise = Promise.promise();
    queued.add(new Waiting(command, promise));
    sendIfIdle();
    return promise.future();
  }

  /**
   * Asks for a plan at the head of the next entry: {@code planner} is called when that entry is
   * formed, and may find nothing to do.
   */
  public void requestPlan(Supplier<Optional<Command.ApplyPlan>> planner) {
    this.planner = planner;
    sendIfIdle();
  }

  private void sendIfIdle() {
    if (inFlight || (queued.isEmpty() && planner == null)) {
      return;
    }
    List<Command> commands = new ArrayList<>();
    boolean planned = false;
    if (planner != null) {
      Optional<Command.ApplyPlan> plan = planner.get();
      planner = null;
      if (plan.isPresent()) {
        commands.add(plan.get());
        planned = true;
      }
    }
    List<Waiting> batch = List.copyOf(queued);
    queued.clear();
    batch.forEach(w -> commands.add(w.command()));
    if (commands.isEmpty()) {
      return;
    }
    inFlight = true;
    boolean withPlan = planned;
    Future.fromCompletionStage(raft.propose(new Proposal(Instant.now(), commands)), context)
        .onComplete(result -> {
          inFlight = false;
          if (result.succeeded()) {
            List<Outcome> outcomes = result.result();
            int offset = withPlan ? 1 : 0;
            if (withPlan && !outcomes.get(0).isOk()) {
              LOG.debug("plan refused, planning again: {}", outcomes.get(0).error());
            }
            for (int i = 0; i < batch.size(); i++) {
              batch.get(i).promise().complete(outcomes.get(i + offset));
            }
          } else {
            batch.forEach(w -> w.promise().fail(result.cause()));
          }
          sendIfIdle();
        });
  }
}
