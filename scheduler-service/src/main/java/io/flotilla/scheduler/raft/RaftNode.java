package io.flotilla.scheduler.raft;

import io.flotilla.bus.Failures;
import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.flotilla.scheduler.state.Outcome;
import io.flotilla.scheduler.state.Proposal;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.grpc.GrpcTlsConfig;
import io.flotilla.model.NodeRole;
import io.flotilla.security.NodeTls;
import io.flotilla.security.RenewableKeyManager;
import io.flotilla.security.RoleTrust;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.TimeDuration;

/**
 * This manager's member of the managers' Raft group (Apache Ratis over gRPC): the server that
 * keeps the log on disk and votes, and a client that proposes entries to whoever leads. A
 * proposal completes once its entry is committed on a majority and applied here. Blocking
 * methods say so; call them off the event loop.
 */
public final class RaftNode implements Closeable {
  /** How long a proposal may wait for a leader and a majority before it fails as "no quorum". */
  public static final TimeDuration PROPOSAL_TIMEOUT = TimeDuration.valueOf(3, TimeUnit.SECONDS);
  /**
   * How long one attempt may wait for its commit: a leader with a majority commits in
   * milliseconds, so this bounds the time spent on a leader that just died or was cut off.
   */
  private static final TimeDuration ATTEMPT_TIMEOUT = TimeDuration.valueOf(1000, TimeUnit.MILLISECONDS);
  /** A leader not heard from for this long is not counted on. */
  private static final long LEADER_SILENCE_MS = 500;

  private final RenewableKeyManager keys;
  private final RaftServer server;
  private final RaftProperties properties;
  private final RaftGroupId groupId;
  private final RaftStateMachine stateMachine;
  private final LeaderClients clients;

  private RaftNode(RaftServer server, RaftProperties properties, Parameters tls, RenewableKeyManager keys,
      RaftGroupId groupId, RaftStateMachine stateMachine) {
    this.server = server;
    this.keys = keys;
    this.properties = properties;
    this.groupId = groupId;
    this.stateMachine = stateMachine;
    this.clients = new LeaderClients(properties, tls, () -> division().orElseThrow().getGroup());
  }

  /** Presents {@code tls}'s certificate, renewed, from the next connection on. */
  public void useCertificate(NodeTls tls) {
    keys.use(tls);
  }

  /** The group of a cluster: the same id on every manager, from the cluster's id. */
  public static RaftGroupId groupOf(String clusterId) {
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("flotilla-" + clusterId).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Starts this manager's Raft server. A fresh data directory of a new cluster is formatted
   * with this manager alone as the group. A manager that joins starts with no group and waits
   * for the leader to add it ({@link #addPeer}) and send it the log or a snapshot. An existing
   * directory recovers its log and snapshot, which know the group. Every connection, to
   * servers and from clients, is mutual TLS with {@code tls}, and admits managers of this
   * cluster only. Blocking.
   */
  public static RaftNode start(String clusterId, Messages.ManagerPeer self, List<Messages.ManagerPeer> peers, Path dir,
      RaftStateMachine stateMachine, NodeTls tls) throws IOException {
    RaftGroupId groupId = groupOf(clusterId);
    RaftProperties properties = properties(dir, host(self.address()), port(self.address()));
    boolean existing = hasFiles(dir);
    boolean bootstrap = !existing && peers.size() == 1 && peers.get(0).id().equals(self.id());
    RaftGroup group = bootstrap ? RaftGroup.valueOf(groupId, toRatis(self)) : RaftGroup.valueOf(groupId);
    RenewableKeyManager keys = new RenewableKeyManager(tls);
    Parameters parameters = GrpcFactory.newRaftParameters(new GrpcTlsConfig(keys,
        new RoleTrust(tls.ca(), clusterId, NodeRole.MANAGER.json()), true));
    RaftServer server = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(self.id()))
        .setGroup(group)
        .setProperties(properties)
        .setStateMachine(stateMachine)
        .setParameters(parameters)
        .setOption(bootstrap ? RaftStorage.StartupOption.FORMAT : RaftStorage.StartupOption.RECOVER)
        .build();
    server.start();
    return new RaftNode(server, properties, parameters, keys, groupId, stateMachine);
  }

  private static boolean hasFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (var files = Files.list(dir)) {
      return files.findAny().isPresent();
    }
  }

  private static RaftProperties properties(Path dir, String host, int port) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(dir.toFile()));
    GrpcConfigKeys.Server.setHost(p, host);
    GrpcConfigKeys.Server.setPort(p, port);
    // Elections within a second of a leader's death: a follower campaigns after 250-500 ms of
    // silence (shorter ones start needless elections on a busy host's GC pauses); a leader
    // that hears from no majority for as long steps down by itself.
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(250, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(500, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, TimeDuration.valueOf(150, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, TimeDuration.valueOf(300, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.LeaderElection.setPreVote(p, true);
    // Snapshots bound the log, as Swarm's every 10,000 entries.
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, 10_000);
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, ATTEMPT_TIMEOUT);
    // A new client's first async call opens with a watch request: it must not wait 10 s (the
    // default) for a leader that died.
    RaftClientConfigKeys.Rpc.setWatchRequestTimeout(p, ATTEMPT_TIMEOUT);
    return p;
  }

  private static String host(String address) {
    return address.substring(0, address.lastIndexOf(':'));
  }

  private static int port(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  private static RaftPeer toRatis(Messages.ManagerPeer peer) {
    return RaftPeer.newBuilder().setId(peer.id()).setAddress(peer.address()).build();
  }

  public RaftStateMachine stateMachine() {
    return stateMachine;
  }

  /**
   * Proposes an entry to the leader this manager knows (waiting up to the proposal timeout for
   * one while an election runs); completes with one outcome per command once it is committed
   * and applied here, or fails with {@link NoQuorumException}.
   */
  public CompletableFuture<List<Outcome>> propose(Proposal proposal) {
    Message message = Message.valueOf(Json.encode(proposal));
    long deadline = System.nanoTime() + PROPOSAL_TIMEOUT.toLong(TimeUnit.NANOSECONDS);
    return leaderBy(deadline)
        .thenCompose(leader -> send(leader, message, deadline))
        .handle((reply, failure) -> {
          if (failure != null || !reply.isSuccess()) {
            throw new CompletionException(new NoQuorumException(describe(reply, failure)));
          }
          return reply;
        })
        .thenCompose(reply -> stateMachine.applied(reply.getLogIndex()).thenApply(done -> outcomes(reply)));
  }

  /**
   * Sends through the client aimed at {@code leader}. A Ratis client whose async call failed
   * refuses every later one ({@code AlreadyClosedException}, before sending anything): such a
   * client is dropped, and a request it refused is sent again through a fresh one, until the
   * deadline.
   */
  private CompletableFuture<RaftClientReply> send(String leader, Message message, long deadline) {
    RaftClient client = clients.aimedAt(leader);
    return client.async().send(message).handle((reply, failure) -> {
      if (failure == null && reply.isSuccess()) {
        return CompletableFuture.completedFuture(reply);
      }
      clients.discard(client);
      if (refusedUnsent(failure) && System.nanoTime() < deadline) {
        return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS))
            .thenCompose(v -> leaderBy(deadline))
            .thenCompose(current -> send(current, message, deadline));
      }
      return failure != null ? CompletableFuture.<RaftClientReply>failedFuture(failure)
          : CompletableFuture.completedFuture(reply);
    }).thenCompose(f -> f);
  }

  private static boolean refusedUnsent(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof org.apache.ratis.protocol.exceptions.AlreadyClosedException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The leader this server hears from, once there is one, or a failure at {@code deadline}; at
   * once when this manager leads but no longer hears from a majority (cut off from it).
   */
  private CompletableFuture<String> leaderBy(long deadline) {
    RaftStatus status = status(LEADER_SILENCE_MS);
    boolean ready = division().map(d -> d.getInfo().isLeaderReady()).orElse(false);
    if (status.isLeader() && ready && !status.quorum()) {
      return CompletableFuture.failedFuture(new NoQuorumException(status.reason()));
    }
    if (status.isLeader() && !ready) {
      return later(deadline, status);
    }
    // A leader just taken out of the group may still be named for a moment: wait for the next.
    if (status.leader() != null && status.memberIds().contains(status.leader())) {
      return CompletableFuture.completedFuture(status.leader());
    }
    return later(deadline, status);
  }

  /** Looks again in a moment, while an election runs, until {@code deadline}. */
  private CompletableFuture<String> later(long deadline, RaftStatus status) {
    if (System.nanoTime() > deadline) {
      return CompletableFuture.failedFuture(new NoQuorumException(status.reason() != null ? status.reason()
          : "no leader was ready within " + PROPOSAL_TIMEOUT.toLong(TimeUnit.SECONDS) + " s"));
    }
    return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS))
        .thenCompose(v -> leaderBy(deadline));
  }

  private static List<Outcome> outcomes(RaftClientReply reply) {
    return Arrays.asList(Json.decode(reply.getMessage().getContent().toStringUtf8(), Outcome[].class));
  }

  private String describe(RaftClientReply reply, Throwable failure) {
    Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
    if (cause instanceof NoQuorumException) {
      return cause.getMessage();
    }
    if (cause != null && (cause instanceof org.apache.ratis.protocol.exceptions.TimeoutIOException
        || cause.getCause() instanceof org.apache.ratis.protocol.exceptions.TimeoutIOException
        || cause instanceof org.apache.ratis.protocol.exceptions.RaftRetryFailureException)) {
      return "no leader committed the change within " + ATTEMPT_TIMEOUT.toLong(TimeUnit.MILLISECONDS)
          + " ms; fewer than a majority of the " + peers().size() + " managers may be reachable";
    }
    cause = cause != null ? cause : reply.getException();
    return cause == null ? "the change was not committed" : String.valueOf(cause.getMessage());
  }

  public boolean isLeader() {
    return division().map(d -> d.getInfo().isLeader() && d.getInfo().isLeaderReady()).orElse(false);
  }

  public long term() {
    return division().map(d -> d.getInfo().getCurrentTerm()).orElse(0L);
  }

  public Optional<String> leaderId() {
    return division().map(d -> d.getInfo().getLeaderId()).map(RaftPeerId::toString);
  }

  public String id() {
    return server.getId().toString();
  }

  /** Whether this manager is in the group's configuration as its log knows it. */
  public boolean isMember() {
    return peers().stream().anyMatch(p -> p.id().equals(id()));
  }

  /** The managers in the group's current configuration. */
  public List<Messages.ManagerPeer> peers() {
    return division().map(d -> d.getRaftConf().getCurrentPeers().stream()
            .map(p -> new Messages.ManagerPeer(p.getId().toString(), p.getAddress())).sorted(java.util.Comparator.comparing(Messages.ManagerPeer::id))
            .toList())
        .orElse(List.of());
  }

  /**
   * Who leads and which managers this one hears from: a leader counts the followers that
   * answered within {@code reachableWithin}, a follower the leader. Quorum means a ready leader
   * reaches a majority, or a follower hears a leader.
   */
  public RaftStatus status(long reachableWithinMs) {
    Optional<RaftServer.Division> division = division();
    if (division.isEmpty()) {
      return new RaftStatus(id(), null, 0, false, List.of(), "this manager's Raft server is starting");
    }
    var info = division.get().getInfo();
    var role = info.getRoleInfoProto();
    List<Messages.ManagerPeer> peers = peers();
    java.util.Set<String> reachable = new java.util.HashSet<>();
    reachable.add(id());
    String leader = info.getLeaderId() == null ? null : info.getLeaderId().toString();
    if (role.hasLeaderInfo()) {
      for (var follower : role.getLeaderInfo().getFollowerInfoList()) {
        if (follower.getLastRpcElapsedTimeMs() <= reachableWithinMs) {
          reachable.add(follower.getId().getId().toStringUtf8());
        }
      }
    } else if (role.hasFollowerInfo() && leader != null
        && role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs() <= reachableWithinMs) {
      reachable.add(leader);
    } else {
      leader = null;
    }
    int majority = peers.size() / 2 + 1;
    boolean quorum;
    String reason = null;
    if (info.isLeader()) {
      quorum = info.isLeaderReady() && reachable.size() >= majority;
      if (!quorum) {
        reason = "this manager leads but reaches only " + reachable.size() + " of " + peers.size()
            + " managers (a majority is " + majority + ")";
      }
    } else {
      quorum = leader != null;
      if (!quorum) {
        reason = "no leader: this manager hears from none of the other " + (peers.size() - 1) + " managers"
            + " (a majority is " + majority + " of " + peers.size() + ")";
      }
    }
    List<RaftStatus.Member> members = peers.stream()
        .map(p -> new RaftStatus.Member(p.id(), p.address(), p.id().equals(info.getLeaderId() == null ? null
            : info.getLeaderId().toString()), reachable.contains(p.id())))
        .toList();
    return new RaftStatus(id(), leader, info.getCurrentTerm(), quorum, members, reason);
  }

  private Optional<RaftServer.Division> division() {
    try {
      return Optional.of(server.getDivision(groupId));
    } catch (IOException notYet) {
      return Optional.empty();
    }
  }

  /** Adds {@code peer} to the group once it has caught up with the log. Blocking. */
  public void addPeer(Messages.ManagerPeer peer) throws IOException {
    setConfiguration(SetConfigurationRequest.Arguments.newBuilder()
        .setServersInNewConf(List.of(toRatis(peer))).setMode(SetConfigurationRequest.Mode.ADD).build());
  }

  /** Leaves {@code id} out of the group. Blocking. */
  public void removePeer(String id) throws IOException {
    Collection<RaftPeer> current = division().orElseThrow(() -> new IOException("not started")).getRaftConf()
        .getCurrentPeers();
    setConfiguration(SetConfigurationRequest.Arguments.newBuilder()
        .setServersInNewConf(current.stream().filter(p -> !p.getId().toString().equals(id)).toList())
        .setServersInCurrentConf(List.copyOf(current))
        .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET).build());
  }

  private void setConfiguration(SetConfigurationRequest.Arguments arguments) throws IOException {
    long deadline = System.nanoTime() + PROPOSAL_TIMEOUT.toLong(TimeUnit.NANOSECONDS);
    String leader = leaderBy(deadline).join();
    RaftClientReply reply = clients.aimedAt(leader).admin().setConfiguration(arguments);
    if (!reply.isSuccess()) {
      throw new IOException(String.valueOf(reply.getException()));
    }
  }

  @Override
  public void close() throws IOException {
    try {
      clients.close();
    } finally {
      server.close();
    }
  }

  /** No leader could commit a change: fewer than a majority of the managers answer. */
  public static final class NoQuorumException extends RuntimeException {
    public NoQuorumException(String message) {
      super(message, null, false, false);
    }

    public int status() {
      return Failures.UNAVAILABLE;
    }
  }
}
