package io.flotilla.bus;

import io.flotilla.model.ApiRole;
import io.flotilla.model.ApiTokenSpec;
import io.flotilla.model.NodeDescription;
import io.flotilla.model.NodeRole;
import io.flotilla.model.NodeUpdate;
import io.flotilla.model.NodeState;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskStatus;
import java.time.Instant;
import java.util.List;

/** Payload records of the bus, grouped by the address they travel to. */
public final class Messages {
  private Messages() {}

  public record CreateService(ServiceSpec spec) {}

  public record ScaleService(String service, int replicas) {}

  /** A new spec for a service, valid only while the service is still at {@code version}. */
  public record UpdateService(String service, long version, ServiceSpec spec) {}

  public record ServiceRef(String service) {}

  public record TaskQuery(String service, String node, String state) {}

  public record NodeRef(String node) {}

  public record UpdateNode(String node, NodeUpdate update) {}

  /** Removes a DOWN node; {@code force} removes it whatever its state. */
  public record RemoveNode(String node, boolean force) {}

  /** A service and how many of its tasks run; {@code message} says why some don't. */
  public record ServiceView(Service service, int desiredTasks, int runningTasks, String message) {}

  public record ServiceList(List<ServiceView> services) {}

  public record TaskList(List<Task> tasks) {}

  public record NodeList(List<io.flotilla.model.Node> nodes) {}

  /**
   * One task for a node to run, with the spec it runs and the overlay networks its container
   * joins, by name, in order (the first one gives the container its DNS server).
   * {@code files}: the task's secrets and configs, with their content. {@code registryAuth}: the
   * credentials the task's image pulls with, when the service was given some
   * ({@code --with-registry-auth}) for that image's registry; else null.
   */
  public record Assignment(Task task, ServiceSpec spec, List<String> networks, List<TaskFile> files,
      io.flotilla.model.RegistryAuth registryAuth) {
    public Assignment {
      networks = networks == null ? List.of() : List.copyOf(networks);
      files = files == null ? List.of() : List.copyOf(files);
    }

    public Assignment(Task task, ServiceSpec spec, List<String> networks) {
      this(task, spec, networks, List.of(), null);
    }

    public Assignment(Task task, ServiceSpec spec) {
      this(task, spec, List.of());
    }
  }

  /**
   * A secret's or config's file as the node that runs the task writes it: the content
   * ({@code data}, base64; a secret's opened by the manager for this node only), where it
   * appears in the container, its owner and permission bits. Its text form leaves out the
   * content, so that logging an assignment never logs a secret.
   */
  public record TaskFile(io.flotilla.model.FileKind kind, String name, String target, int uid, int gid, int mode,
      String data) {
    @Override
    public String toString() {
      return "TaskFile[" + kind.noun() + " " + name + " at " + target + " " + uid + ":" + gid + " "
          + Integer.toOctalString(mode) + "]";
    }
  }

  /**
   * Every task the scheduler wants a node to know about (tasks not listed must not exist
   * there), the overlay networks the node needs and the ports it publishes for the routing mesh.
   */
  public record Assignments(String nodeId, List<Assignment> assignments, Instant at, List<NodeNetwork> networks,
      List<IngressRoute> ingress) {
    public Assignments {
      assignments = List.copyOf(assignments);
      networks = networks == null ? List.of() : List.copyOf(networks);
      ingress = ingress == null ? List.of() : List.copyOf(ingress);
    }

    public Assignments(String nodeId, List<Assignment> assignments, Instant at) {
      this(nodeId, assignments, at, null, null);
    }

    /**
     * The same instructions, whenever computed: the same tasks with the same desired state, node,
     * spec and networks, the same tasks finished, the same networks and mesh ports. How far a live
     * task has got (which its agent reported itself) does not count; the periodic full refresh
     * carries it.
     */
    public boolean sameIntentAs(Assignments other) {
      return other != null && nodeId.equals(other.nodeId) && intent(assignments).equals(intent(other.assignments))
          && networks.equals(other.networks) && ingress.equals(other.ingress);
    }

    private static List<List<Object>> intent(List<Assignment> assignments) {
      return assignments.stream().map(a -> java.util.Arrays.<Object>asList(a.task().id(), a.task().desiredState(),
          a.task().nodeId(), a.task().specVersion(), a.task().state().isTerminal(), a.spec(), a.networks(),
          a.files())).toList();
    }
  }

  /**
   * An overlay network as one node needs it: the node's address range and gateway in the
   * subnet, the VXLAN endpoints of the other nodes on it ({@code peers}) and where each
   * running task of the network's services can be reached ({@code endpoints}), for DNS.
   */
  public record NodeNetwork(String id, String name, int vni, String subnet, String range, String gateway,
      List<String> peers, List<Endpoint> endpoints) {
    public NodeNetwork {
      peers = List.copyOf(peers);
      endpoints = List.copyOf(endpoints);
    }
  }

  /** A running task's address on a network. */
  public record Endpoint(String service, String task, String address) {}

  /**
   * A port every node answers on (the routing mesh) and forwards to {@code target} of a
   * running task of the service, at the task's address on the ingress network.
   */
  public record IngressRoute(String service, int published, int target, List<String> backends) {
    public IngressRoute {
      backends = List.copyOf(backends);
    }
  }

  /** The agent tells its node's overlay what the scheduler wants of it (a local message). */
  public record OverlayApply(List<NodeNetwork> networks, List<IngressRoute> ingress) {}

  /** Which networks are ready for containers by name, and why the others are not. */
  public record OverlayState(List<String> ready, java.util.Map<String, String> failed) {}

  /**
   * A stack to deploy: its services and networks, already named {@code <stack>_<name>}, and
   * for each service the services that must run (and be healthy) before it first starts.
   * {@code prune} removes the stack's services the file no longer has.
   */
  /**
   * An image archive ({@code docker save}) a manager stored in its data directory; {@code id} is
   * the image ID, {@code holders} the managers that hold the file.
   */
  public record StoredImage(String id, List<String> tags, long size, List<String> holders, Instant storedAt) {
    public StoredImage {
      tags = tags == null ? List.of() : List.copyOf(tags);
      holders = holders == null ? List.of() : List.copyOf(holders);
    }
  }

  /** A piece of a stored image archive: {@code length} bytes from {@code offset}. */
  public record ImageChunk(long offset, int length) {}

  public record DeployStack(String name, List<ServiceSpec> services, List<io.flotilla.model.NetworkSpec> networks,
      List<String> externalNetworks, java.util.Map<String, List<String>> startAfter, boolean prune, boolean dryRun) {

    public DeployStack {
      externalNetworks = externalNetworks == null ? List.of() : List.copyOf(externalNetworks);
    }
  }

  /**
   * What a deploy did (or, for a dry run, would do), service by service; {@code changes} holds,
   * for each updated service, the fields its spec changes in.
   */
  public record StackDeployed(String name, List<String> created, List<String> updated, List<String> unchanged,
      List<String> removed, List<String> networksCreated, java.util.Map<String, List<FieldChange>> changes) {

    public StackDeployed {
      changes = changes == null ? java.util.Map.of() : java.util.Map.copyOf(changes);
    }
  }

  /** One field of a spec that a change sets from {@code from} to {@code to} (null: not set), as JSON text. */
  public record FieldChange(String field, String from, String to) {}

  public record StackRef(String name) {}

  /**
   * Something that happened in the cluster, for {@code GET /v1/events}: {@code type} is service,
   * task, node or network; {@code action} what happened (create, update, remove, a new state).
   */
  public record Event(String type, String action, String id, String name, java.util.Map<String, String> attributes,
      Instant time) {
    public Event {
      attributes = attributes == null ? java.util.Map.of() : java.util.Map.copyOf(attributes);
    }
  }

  public record StackSummary(String name, int services, int networks) {}

  public record StackList(List<StackSummary> stacks) {}

  public record CreateNetwork(io.flotilla.model.NetworkSpec spec) {}

  public record NetworkRef(String network) {}

  public record NetworkList(List<io.flotilla.model.Network> networks) {}

  /** A secret or config to create ({@code /v1/secrets}, {@code /v1/configs}). */
  public record CreateFileObject(io.flotilla.model.FileObjectSpec spec) {}

  /** A secret or config by id, name or id prefix. */
  public record FileObjectRef(String ref) {}

  public record FileObjectList(List<io.flotilla.model.FileObject.View> items) {}

  public record TaskReports(String nodeId, List<TaskStatus> statuses) {}

  /**
   * An agent's heartbeat. {@code holdUntil}, when set, is an agent's last word as it stops on
   * purpose (a restart of its container, an upgrade): count its node as heard from until then, so
   * that its tasks are not moved while it comes back; null in every ordinary beat.
   */
  public record Heartbeat(NodeDescription node, Instant at, Instant holdUntil) {
    public Heartbeat(NodeDescription node, Instant at) {
      this(node, at, null);
    }
  }

  /** A node's state as a health monitor judges it, and when that monitor last heard from it. */
  public record NodeLiveness(NodeDescription node, NodeState state, Instant lastHeartbeat) {}

  public record NodeLivenessReport(List<NodeLiveness> nodes) {}

  /**
   * A node that wants in, with the token it was given, its id, and a certificate request (PEM)
   * for the key pair it made: its private key never leaves it.
   */
  public record JoinRequest(String token, String hostname, String address, String nodeId,
      String certificateRequest) {}

  /**
   * What a node needs to join: its role, the Hazelcast cluster name, the managers' Hazelcast
   * addresses, the heartbeat period the health monitor expects, the members of the managers' Raft
   * group, its certificate and the cluster CA's (PEM), and for a manager the cluster secret that
   * opens the CA key and keys the join tokens (never given to a worker).
   */
  public record JoinGrant(NodeRole role, String clusterId, String clusterName, List<String> managers,
      java.time.Duration heartbeatPeriod, List<ManagerPeer> raftPeers, String certificate, String caCertificate,
      String clusterSecret) {
    public JoinGrant {
      managers = managers == null ? List.of() : List.copyOf(managers);
      raftPeers = raftPeers == null ? List.of() : List.copyOf(raftPeers);
    }

    public JoinGrant withManagers(List<String> known) {
      return new JoinGrant(role, clusterId, clusterName, known, heartbeatPeriod, raftPeers, certificate, caCertificate,
          clusterSecret);
    }

    /** What a node keeps on disk: its certificate lives in its tls directory, the secret in its own file. */
    public JoinGrant withoutSecrets() {
      return new JoinGrant(role, clusterId, clusterName, managers, heartbeatPeriod, raftPeers, null, null, null);
    }
  }

  /** A member asks for a new certificate for its key before its current one expires. */
  public record CertificateRenewal(String nodeId, String certificateRequest) {}

  public record CertificateGrant(String certificate) {}

  /** A node becomes a manager: it starts one and asks to be added to the Raft group with {@code token}. */
  public record Promote(String token) {}

  /** A joining manager, with the manager token it joined with, asks to be added to the Raft group. */
  public record AddManager(String token, ManagerPeer peer) {}

  /** A member of the managers' Raft group: its node id and where its Raft port listens, {@code host:port}. */
  public record ManagerPeer(String id, String address) {}

  public record JoinTokenList(String worker, String manager) {}

  public record RotateJoinToken(NodeRole role) {}

  public record CreateApiToken(ApiTokenSpec spec) {}

  public record ApiTokenRef(String name) {}

  /** The first admin token's hash: its secret is made, and kept, by the manager that asks. */
  public record FirstAdminToken(String hash) {}

  /** An API token as the API shows it: never its secret nor its hash. */
  public record ApiTokenView(String name, ApiRole role, Instant createdAt) {}

  public record ApiTokenList(List<ApiTokenView> tokens) {}

  /** A token just made, with its secret: the only time anyone sees it. */
  public record ApiTokenCreated(String name, ApiRole role, Instant createdAt, String token) {}

  /** The gateway asks its manager whose token hashes to {@code hash}; the answer is an {@link ApiTokenView}, or 401. */
  public record ApiTokenCheck(String hash) {}

  /** The port of a node's log RPC, on its advertised address. */
  public record LogsEndpoint(int port) {}
}
