package io.flotilla.scheduler.raft;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.retry.ExceptionDependentRetry;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.TimeDuration;

/**
 * The Ratis clients a manager proposes through, one per manager they are aimed at, for the
 * group as this manager knows it now ({@code groups}); made again when the group changes.
 */
final class LeaderClients {
  private final RaftProperties properties;
  private final Parameters tls;
  private final Supplier<RaftGroup> groups;
  private final Map<String, RaftClient> clients = new HashMap<>();
  /** The group the clients were made for. */
  private String clientsFor;

  LeaderClients(RaftProperties properties, Parameters tls, Supplier<RaftGroup> groups) {
    this.properties = properties;
    this.tls = tls;
    this.groups = groups;
  }

  /**
   * Retries a proposal only when the server it reached said it does not lead (so it did not
   * append it): during an election, until the new leader answers. A proposal that timed out may
   * sit in a deposed leader's log and is never sent again, so a refused write cannot reappear
   * later through a retry.
   */
  private static RetryPolicy retryPolicy() {
    RetryPolicy untilALeaderAnswers = RetryPolicies.retryUpToMaximumCountWithFixedSleep(
        (int) (RaftNode.PROPOSAL_TIMEOUT.toLong(TimeUnit.MILLISECONDS) / 100),
        TimeDuration.valueOf(100, TimeUnit.MILLISECONDS));
    return ExceptionDependentRetry.newBuilder()
        .setExceptionToPolicy(NotLeaderException.class, untilALeaderAnswers)
        .setExceptionToPolicy(LeaderNotReadyException.class, untilALeaderAnswers)
        .setDefaultPolicy(RetryPolicies.noRetry())
        .build();
  }

  /**
   * A client aimed at {@code leader}, with the group as this server knows it now. One is kept
   * per manager: a leader that comes back keeps its connected client.
   */
  synchronized RaftClient aimedAt(String leader) {
    RaftGroup group = groups.get();
    String peers = group.getPeers().toString();
    if (!peers.equals(clientsFor)) {
      clients.values().forEach(this::closeLater);
      clients.clear();
      clientsFor = peers;
    }
    return clients.computeIfAbsent(leader, id -> RaftClient.newBuilder()
        .setRaftGroup(group)
        .setLeaderId(RaftPeerId.valueOf(id))
        .setProperties(properties)
        .setParameters(tls)
        .setRetryPolicy(retryPolicy())
        .build());
  }

  /** Stops using {@code old}, and closes it once the calls still in it are over. */
  synchronized void discard(RaftClient old) {
    clients.values().removeIf(c -> c == old);
    closeLater(old);
  }

  private void closeLater(RaftClient old) {
    long delay = RaftNode.PROPOSAL_TIMEOUT.toLong(TimeUnit.MILLISECONDS) * 2;
    CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
        .execute(() -> closeQuietly(old));
  }

  private static void closeQuietly(RaftClient client) {
    try {
      client.close();
    } catch (IOException ignored) {
      // a client we no longer use
    }
  }

  synchronized void close() {
    clients.values().forEach(LeaderClients::closeQuietly);
    clients.clear();
  }
}
