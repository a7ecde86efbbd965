package io.flotilla.scheduler.state;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.flotilla.bus.Messages;
import io.flotilla.model.ApiTokenSpec;
import io.flotilla.model.FileKind;
import io.flotilla.model.FileObject;
import io.flotilla.model.Ipv4Cidr;
import io.flotilla.model.Network;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.NodeRole;
import io.flotilla.model.NodeUpdate;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskStatus;
import java.time.Instant;
import java.util.List;

/**
 * One change to the managers' state, as it travels in the Raft log. A command carries every
 * input its {@link StateMachine#apply apply} needs that is not in the state: new ids, a seed for
 * more of them, the address pool; the time comes with its {@link Proposal}. Commands that come
 * from a request are checked again when applied, against the state they are applied to, so two
 * racing requests cannot both win.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Command.CreateService.class, name = "service.create"),
    @JsonSubTypes.Type(value = Command.ScaleService.class, name = "service.scale"),
    @JsonSubTypes.Type(value = Command.UpdateService.class, name = "service.update"),
    @JsonSubTypes.Type(value = Command.RollbackService.class, name = "service.rollback"),
    @JsonSubTypes.Type(value = Command.RemoveService.class, name = "service.remove"),
    @JsonSubTypes.Type(value = Command.DeployStack.class, name = "stack.deploy"),
    @JsonSubTypes.Type(value = Command.RemoveStack.class, name = "stack.remove"),
    @JsonSubTypes.Type(value = Command.CreateNetwork.class, name = "network.create"),
    @JsonSubTypes.Type(value = Command.RemoveNetwork.class, name = "network.remove"),
    @JsonSubTypes.Type(value = Command.UpdateNode.class, name = "node.update"),
    @JsonSubTypes.Type(value = Command.RemoveNode.class, name = "node.remove"),
    @JsonSubTypes.Type(value = Command.ReportLiveness.class, name = "node.liveness"),
    @JsonSubTypes.Type(value = Command.ReportTasks.class, name = "task.report"),
    @JsonSubTypes.Type(value = Command.RotateJoinToken.class, name = "jointoken.rotate"),
    @JsonSubTypes.Type(value = Command.SetRole.class, name = "node.role"),
    @JsonSubTypes.Type(value = Command.SetClusterCa.class, name = "ca.set"),
    @JsonSubTypes.Type(value = Command.CreateApiToken.class, name = "apitoken.create"),
    @JsonSubTypes.Type(value = Command.RemoveApiToken.class, name = "apitoken.remove"),
    @JsonSubTypes.Type(value = Command.CreateFirstAdminToken.class, name = "apitoken.first"),
    @JsonSubTypes.Type(value = Command.CreateFileObject.class, name = "file.create"),
    @JsonSubTypes.Type(value = Command.RemoveFileObject.class, name = "file.remove"),
    @JsonSubTypes.Type(value = Command.ApplyPlan.class, name = "plan"),
    @JsonSubTypes.Type(value = Command.StoreImage.class, name = "image.store"),
    @JsonSubTypes.Type(value = Command.WithRegistryAuth.class, name = "registryauth.with"),
})
public sealed interface Command {
  /** This command's change to {@code state}, proposed at {@code at} and appended in {@code term}. */
  Change applyTo(ManagerState state, Instant at, long term);

  /** {@code ingressId} names the routing mesh's network if this service is the first to need it. */
  record CreateService(Service service, String ingressId, Ipv4Cidr pool) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return ServiceChanges.create(state, this, at);
    }
  }

  record ScaleService(String service, int replicas) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return ServiceChanges.scale(state, this, at);
    }
  }

  /** Valid only while the service is still at {@code version}. */
  record UpdateService(String service, long version, ServiceSpec spec, String ingressId, Ipv4Cidr pool)
      implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return ServiceChanges.update(state, this, at);
    }
  }

  record RollbackService(String service) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return ServiceChanges.rollback(state, this, at);
    }
  }

  record RemoveService(String service) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return ServiceChanges.remove(state, this, at);
    }
  }

  /** New services and networks take their ids from a generator seeded with {@code seed}. */
  record DeployStack(Messages.DeployStack stack, long seed, Ipv4Cidr pool) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return StackChanges.deploy(state, this, at);
    }
  }

  record RemoveStack(String name) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return StackChanges.remove(state, this, at);
    }
  }

  record CreateNetwork(String id, NetworkSpec spec, Ipv4Cidr pool) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return NetworkChanges.create(state, this, at);
    }
  }

  record RemoveNetwork(String network) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return NetworkChanges.remove(state, this, at);
    }
  }

  record UpdateNode(String node, NodeUpdate update) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return NodeChanges.update(state, this, at);
    }
  }

  record RemoveNode(String node, boolean force) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return NodeChanges.remove(state, this, at);
    }
  }

  /** What the leader's health monitor judges of every node it hears from. */
  record ReportLiveness(List<Messages.NodeLiveness> nodes) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return NodeChanges.liveness(state, this, at);
    }
  }

  /** What an agent observed of its tasks. */
  record ReportTasks(List<TaskStatus> statuses) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return StateMachine.reportTasks(state, this, at);
    }
  }

  /** A node promoted to manager or demoted to worker; the Raft group's membership follows it. */
  record SetRole(String node, NodeRole role) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return NodeChanges.setRole(state, this, at);
    }
  }

  /** The cluster CA, its key sealed under the managers' cluster secret: set once, by the first manager. */
  record SetClusterCa(CaChanges.SealedCa ca) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return CaChanges.set(state, this);
    }
  }

  record RotateJoinToken(NodeRole role) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return NodeChanges.rotateJoinToken(state, this);
    }
  }

  /** Only the secret's hash travels in the log; the secret goes back to the one who asked, once. */
  record CreateApiToken(ApiTokenSpec spec, String hash) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return ApiTokenChanges.create(state, this, at);
    }
  }

  record RemoveApiToken(String name) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return ApiTokenChanges.remove(state, this);
    }
  }

  /**
   * The admin token a new cluster starts with, named {@code admin}: applied once in the
   * cluster's life, so that a restarted manager neither makes another nor brings back one the
   * user removed.
   */
  record CreateFirstAdminToken(String hash) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return ApiTokenChanges.createFirst(state, this, at);
    }
  }

  /** A secret (its data already sealed) or a config; its times and version are set when applied. */
  record CreateFileObject(FileObject object) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return FileObjectChanges.create(state, this, at);
    }
  }

  /** Refused while a service uses it. */
  record RemoveFileObject(FileKind kind, String ref) implements Command {
    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return FileObjectChanges.remove(state, this, at);
    }
  }

  /**
   * What the leader's reconciliation decided (tasks, rollouts, network address ranges), computed
   * from the state as of entry {@code basedOn} in {@code term}. It is applied only in that term
   * and onto exactly that state: a plan of a deposed leader, or one that raced another change,
   * changes nothing, and the leader plans again.
   */
  record ApplyPlan(long term, long basedOn, List<Task> upserts, List<String> removals, List<Service> services,
      List<Network> networks) implements Command {
    public ApplyPlan {
      upserts = List.copyOf(upserts);
      removals = List.copyOf(removals);
      services = List.copyOf(services);
      networks = List.copyOf(networks);
    }

    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return StateMachine.applyPlan(state, this, at, term);
    }
  }

  /** A manager stored the archive of image {@code id} ({@code docker save}) in its data directory. */
  record StoreImage(String id, List<String> tags, long size, String holder) implements Command {
    public StoreImage {
      tags = tags == null ? List.of() : List.copyOf(tags);
    }

    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return ImageChanges.store(state, this, at);
    }
  }

  /**
   * A service write ({@code change}) with the registry credentials of the services it names,
   * sealed (see {@link RegistryAuthChanges}); a null value clears a service's credentials.
   */
  record WithRegistryAuth(Command change, java.util.Map<String, String> sealedByService) implements Command {
    public WithRegistryAuth {
      sealedByService = sealedByService == null ? java.util.Map.of()
          : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(sealedByService));
    }

    @Override
    public Change applyTo(ManagerState state, Instant at, long term) {
      return RegistryAuthChanges.apply(state, this, at, term);
    }

    @Override
    public String toString() {
      return "WithRegistryAuth[" + change + ", credentials of " + sealedByService.keySet() + "]";
    }
  }
}
