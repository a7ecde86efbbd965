package io.flotilla.scheduler.raft;

import io.flotilla.bus.Json;
import io.flotilla.scheduler.state.Applied;
import io.flotilla.scheduler.state.ManagerState;
import io.flotilla.scheduler.state.Outcome;
import io.flotilla.scheduler.state.Proposal;
import io.flotilla.scheduler.state.StateMachine;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ratis's view of the managers' state: decodes each committed entry, applies it through the
 * pure {@link StateMachine#apply}, answers the proposer with the outcomes, and tells listeners.
 * Snapshots are the state as one JSON file. Ratis calls apply, snapshot and reload on one
 * thread, in log order; {@link #state()} may be read from any thread.
 */
public final class RaftStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(RaftStateMachine.class);

  /** An applied entry, with the state before it: for the leader's dispatcher, events and waiters. */
  public record Entry(ManagerState before, Applied applied, long term, long index) {}

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> leadershipListeners = new CopyOnWriteArrayList<>();
  private final TreeMap<Long, CompletableFuture<Void>> waiting = new TreeMap<>();
  private volatile ManagerState state = ManagerState.EMPTY;

  public ManagerState state() {
    return state;
  }

  /** Called after every applied entry, on Ratis's apply thread: hand the work to an event loop. */
  public void onApplied(Consumer<Entry> listener) {
    listeners.add(listener);
  }

  /** Called when this server's idea of who leads changes, or it becomes a ready leader. */
  public void onLeadershipChange(Runnable listener) {
    leadershipListeners.add(listener);
  }

  /** Completes once this manager has applied the entry at {@code index} (at once if it has). */
  public CompletableFuture<Void> applied(long index) {
    synchronized (waiting) {
      if (getLastAppliedTermIndex().getIndex() >= index) {
        return CompletableFuture.completedFuture(null);
      }
      return waiting.computeIfAbsent(index, i -> new CompletableFuture<>());
    }
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    getLifeCycle().startAndTransition(() -> {
      super.initialize(server, groupId, raftStorage);
      storage.init(raftStorage);
      load(storage.loadLatestSnapshot());
    });
  }

  /** Before the leader installs a snapshot here (this manager was too far behind for the log). */
  @Override
  public void pause() {
    getLifeCycle().transition(LifeCycle.State.PAUSING);
    getLifeCycle().transition(LifeCycle.State.PAUSED);
  }

  /** After an installed snapshot: the state is the snapshot's. */
  @Override
  public void reinitialize() throws IOException {
    load(storage.loadLatestSnapshot());
    if (getLifeCycleState() == LifeCycle.State.PAUSED) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  private void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    Path file = snapshot.getFile().getPath();
    if (!Files.exists(file)) {
      return;
    }
    if (snapshot.getFile().getFileDigest() != null) {
      MD5FileUtil.verifySavedMD5(file.toFile(), snapshot.getFile().getFileDigest());
    }
    state = Json.MAPPER.readValue(file.toFile(), ManagerState.class);
    setLastAppliedTermIndex(snapshot.getTermIndex());
    LOG.info("loaded the snapshot at entry {}: {} services, {} tasks, {} nodes", snapshot.getIndex(),
        state.services().size(), state.tasks().size(), state.nodes().size());
    release(snapshot.getIndex());
  }

  @Override
  public long takeSnapshot() throws IOException {
    ManagerState snapshot = state;
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() < 0) {
      return -1;
    }
    File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    Path tmp = file.toPath().resolveSibling(file.getName() + ".tmp");
    Files.createDirectories(tmp.getParent());
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(java.nio.ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(snapshot)));
      out.force(true);
    }
    Files.move(tmp, file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    var digest = MD5FileUtil.computeAndSaveMd5ForFile(file);
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), digest), last));
    LOG.info("snapshot at entry {} ({} tasks)", last.getIndex(), snapshot.tasks().size());
    return last.getIndex();
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    RaftProtos.LogEntryProto entry = trx.getLogEntry();
    long index = entry.getIndex();
    long term = entry.getTerm();
    ManagerState before = state;
    Applied applied;
    try {
      Proposal proposal = Json.MAPPER.readValue(entry.getStateMachineLogEntry().getLogData().toByteArray(),
          Proposal.class);
      applied = StateMachine.apply(before, proposal, index, term);
    } catch (IOException unreadable) {
      // Every manager reads the same bytes, so every manager rejects the entry alike.
      applied = new Applied(before.at(index), List.of(Outcome.rejected(400, "unreadable command: "
          + unreadable.getMessage())), List.of());
    }
    state = applied.state();
    updateLastAppliedTermIndex(term, index);
    Entry done = new Entry(before, applied, term, index);
    for (Consumer<Entry> listener : listeners) {
      try {
        listener.accept(done);
      } catch (RuntimeException e) {
        LOG.error("a listener of applied entries failed", e);
      }
    }
    release(index);
    return CompletableFuture.completedFuture(Message.valueOf(Json.encode(applied.outcomes())));
  }

  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    super.notifyTermIndexUpdated(term, index);
    release(index);
  }

  private void release(long index) {
    synchronized (waiting) {
      Map<Long, CompletableFuture<Void>> done = waiting.headMap(index, true);
      done.values().forEach(f -> f.complete(null));
      done.clear();
    }
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
    leadershipListeners.forEach(Runnable::run);
  }

  @Override
  public void notifyLeaderReady() {
    leadershipListeners.forEach(Runnable::run);
  }
}
