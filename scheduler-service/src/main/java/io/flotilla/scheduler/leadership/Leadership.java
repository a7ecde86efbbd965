package io.flotilla.scheduler.leadership;

import io.flotilla.scheduler.raft.RaftNode;
import io.vertx.core.Vertx;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows whether this manager is the Raft group's ready leader: told by Ratis when leadership
 * moves, and checked every {@code CHECK_MS} besides. {@code onChange} runs on the event loop,
 * once per change, with the new answer.
 */
public final class Leadership {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
  private static final long CHECK_MS = 100;

  private final Vertx vertx;
  private final RaftNode raft;
  private final Consumer<Boolean> onChange;
  private boolean leading;
  private long timer = -1;

  public Leadership(Vertx vertx, RaftNode raft, Consumer<Boolean> onChange) {
    this.vertx = vertx;
    this.raft = raft;
    this.onChange = onChange;
  }

  public void start() {
    var context = vertx.getOrCreateContext();
    raft.stateMachine().onLeadershipChange(() -> context.runOnContext(v -> check()));
    timer = vertx.setPeriodic(CHECK_MS, id -> check());
    check();
  }

  public boolean isLeader() {
    return leading;
  }

  private void check() {
    boolean now = raft.isLeader();
    if (now != leading) {
      leading = now;
      LOG.info(now ? "manager {} leads the cluster (term {})" : "manager {} no longer leads (term {})", raft.id(),
          raft.term());
      onChange.accept(now);
    }
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (leading) {
      leading = false;
      onChange.accept(false);
    }
  }
}
