package io.flotilla.bus;

import java.time.Duration;

/** Every event-bus address, named {@code flotilla.<area>.<noun>.<verb>}. */
public final class Addresses {
  /** How long a request waits for its reply: members die silently, so keep it short. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  public static final String SERVICE_CREATE = "flotilla.scheduler.service.create";
  public static final String SERVICE_SCALE = "flotilla.scheduler.service.scale";
  public static final String SERVICE_UPDATE = "flotilla.scheduler.service.update";
  public static final String SERVICE_ROLLBACK = "flotilla.scheduler.service.rollback";
  public static final String SERVICE_REMOVE = "flotilla.scheduler.service.remove";
  public static final String SERVICE_GET = "flotilla.scheduler.service.get";
  public static final String SERVICE_LIST = "flotilla.scheduler.service.list";
  public static final String TASK_LIST = "flotilla.scheduler.task.list";
  public static final String NODE_LIST = "flotilla.scheduler.node.list";
  public static final String NODE_GET = "flotilla.scheduler.node.get";
  public static final String NODE_UPDATE = "flotilla.scheduler.node.update";
  public static final String NODE_REMOVE = "flotilla.scheduler.node.remove";
  public static final String NODE_PROMOTE = "flotilla.scheduler.node.promote";
  public static final String NODE_DEMOTE = "flotilla.scheduler.node.demote";
  public static final String STACK_DEPLOY = "flotilla.scheduler.stack.deploy";
  public static final String STACK_LIST = "flotilla.scheduler.stack.list";
  public static final String STACK_REMOVE = "flotilla.scheduler.stack.remove";
  public static final String NETWORK_CREATE = "flotilla.scheduler.network.create";
  public static final String NETWORK_GET = "flotilla.scheduler.network.get";
  public static final String NETWORK_LIST = "flotilla.scheduler.network.list";
  public static final String NETWORK_REMOVE = "flotilla.scheduler.network.remove";
  public static final String SECRET_CREATE = "flotilla.scheduler.secret.create";
  public static final String SECRET_GET = "flotilla.scheduler.secret.get";
  public static final String SECRET_LIST = "flotilla.scheduler.secret.list";
  public static final String SECRET_REMOVE = "flotilla.scheduler.secret.remove";
  public static final String CONFIG_CREATE = "flotilla.scheduler.config.create";
  public static final String CONFIG_GET = "flotilla.scheduler.config.get";
  public static final String CONFIG_LIST = "flotilla.scheduler.config.list";
  public static final String CONFIG_REMOVE = "flotilla.scheduler.config.remove";
  /** The gateway stored an image archive (a {@link Messages.StoredImage}); its manager records it in the log. */
  public static final String IMAGE_STORE = "flotilla.scheduler.image.store";
  public static final String IMAGE_LIST = "flotilla.scheduler.image.list";

  /** A node asks to join with a token; the manager answers with the cluster's coordinates or 403. */
  public static final String CLUSTER_JOIN = "flotilla.scheduler.cluster.join";
  public static final String JOIN_TOKENS_GET = "flotilla.scheduler.jointokens.get";
  public static final String JOIN_TOKEN_ROTATE = "flotilla.scheduler.jointokens.rotate";

  public static final String API_TOKEN_CREATE = "flotilla.scheduler.apitoken.create";
  public static final String API_TOKEN_LIST = "flotilla.scheduler.apitoken.list";
  public static final String API_TOKEN_REMOVE = "flotilla.scheduler.apitoken.remove";
  /** Whose token a bearer presents, from this manager's applied state: asked by the gateway on every request. */
  public static final String API_TOKEN_VERIFY = "flotilla.scheduler.apitoken.verify";
  /**
   * The same check for a node that is no manager (a worker's metrics endpoint): any manager
   * answers, from its applied state. Only members of the cluster reach the bus, and they send
   * only a hash.
   */
  public static final String API_TOKEN_CHECK = "flotilla.scheduler.apitoken.check";
  /** A new cluster's first manager makes the first admin token, once in the cluster's life (409 after). */
  public static final String API_TOKEN_FIRST = "flotilla.scheduler.apitoken.first";

  /**
   * A manager that joined with a manager token asks to be added to the Raft group, once its Raft
   * server runs; the leader takes it in.
   */
  public static final String MANAGER_ADD = "flotilla.scheduler.manager.add";
  /**
   * A node already on the bus (one being promoted) presents a join token and a certificate
   * request, and any manager answers as it answers a join over the API.
   */
  public static final String CERTIFICATE_ISSUE = "flotilla.scheduler.certificate.issue";
  /** A member renews its certificate, in the role the managers know it by (any manager answers). */
  public static final String CERTIFICATE_RENEW = "flotilla.scheduler.certificate.renew";

  /** The manager's standing in the Raft group: leader, quorum, members ({@code /health}, node views). */
  public static final String MANAGER_STATUS = "flotilla.scheduler.manager.status";

  /** Agents send task observations here (fire and forget; they resend in full periodically). */
  public static final String TASK_STATUS = "flotilla.scheduler.task.report";
  /** An agent asks for its full assignment set when it starts. */
  public static final String ASSIGNMENTS_GET = "flotilla.scheduler.assignments.get";
  /** The health monitor tells its own process's scheduler, if it leads, about every node it knows, every period. */
  public static final String NODE_LIVENESS = "flotilla.scheduler.node.liveness";
  /** Agents publish their heartbeats here; health monitors listen. */
  public static final String NODE_HEARTBEAT = "flotilla.monitor.node.heartbeat";
  /**
   * The scheduler publishes a node's removal here, so health monitors forget it and stop
   * reporting it; they learn of it again only from a new heartbeat.
   */
  public static final String NODE_REMOVED = "flotilla.monitor.node.removed";

  /** The scheduler publishes every {@link Messages.Event} here; gateways stream them to clients. */
  public static final String EVENTS = "flotilla.events";

  /**
   * The addresses a manager serves to its own process only: every manager answers the API from
   * its own state (and forwards writes to the Raft leader), so a gateway asks its own manager.
   */
  private static final java.util.Set<String> LOCAL = java.util.Set.of(SERVICE_CREATE, SERVICE_SCALE, SERVICE_UPDATE,
      SERVICE_ROLLBACK, SERVICE_REMOVE, SERVICE_GET, SERVICE_LIST, TASK_LIST, NODE_LIST, NODE_GET, NODE_UPDATE,
      NODE_REMOVE, NODE_PROMOTE, NODE_DEMOTE, STACK_DEPLOY, STACK_LIST, STACK_REMOVE, NETWORK_CREATE, NETWORK_GET, NETWORK_LIST, NETWORK_REMOVE,
      SECRET_CREATE, SECRET_GET, SECRET_LIST, SECRET_REMOVE, CONFIG_CREATE, CONFIG_GET, CONFIG_LIST, CONFIG_REMOVE,
      IMAGE_STORE, IMAGE_LIST, CLUSTER_JOIN, JOIN_TOKENS_GET, JOIN_TOKEN_ROTATE, API_TOKEN_CREATE, API_TOKEN_LIST,
      API_TOKEN_REMOVE,
      API_TOKEN_VERIFY, API_TOKEN_FIRST, MANAGER_STATUS, NODE_LIVENESS);

  private Addresses() {}

  /** Whether {@code address} is served only within the sender's own process. */
  public static boolean isLocal(String address) {
    return LOCAL.contains(address);
  }

  /** Where a node's agent asks the node's overlay (in the same process) to set up networks. */
  public static String overlay(String nodeId) {
    return "flotilla.overlay." + nodeId + ".apply";
  }

  /** Where a node's process is told to take on the manager's role (a {@link Messages.Promote}). */
  public static String promote(String nodeId) {
    return "flotilla.node." + nodeId + ".promote";
  }

  /** Where a manager's process is told it left the Raft group and is a worker now. */
  public static String demote(String nodeId) {
    return "flotilla.node." + nodeId + ".demote";
  }

  /** Where the scheduler sends a node its full set of tasks. */
  public static String assignments(String nodeId) {
    return "flotilla.agent." + nodeId + ".assignments";
  }

  /**
   * Where a node's agent says on which port its log RPC listens (a {@link Messages.LogsEndpoint}),
   * on the node's advertised address.
   */
  public static String logsEndpoint(String nodeId) {
    return "flotilla.agent." + nodeId + ".logs.endpoint";
  }

  /**
   * Where the managers that hold image {@code imageId}'s archive serve pieces of it (a {@link
   * Messages.ImageChunk} asked, the bytes as the reply): to agents that lack the image and to
   * managers that copy it. Every holder listens, so any of them answers.
   */
  public static String imageArchive(String imageId) {
    return "flotilla.manager.image." + imageId + ".archive";
  }
}
