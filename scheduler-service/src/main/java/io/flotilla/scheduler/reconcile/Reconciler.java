package io.flotilla.scheduler.reconcile;

import io.flotilla.model.Availability;
import io.flotilla.model.DesiredState;
import io.flotilla.model.Ids;
import io.flotilla.model.Node;
import io.flotilla.model.NodeState;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceMode;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.StackLabels;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import io.flotilla.model.UpdateConfig;
import io.flotilla.model.UpdateStatus;
import io.flotilla.scheduler.placement.NodeInfo;
import io.flotilla.scheduler.placement.Placement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Computes the task writes that move the cluster toward the services' desired state.
 *
 * <p>One pass, in order: (1) tasks on dead or removed nodes become ORPHANED, and tasks on
 * draining nodes or on nodes that no longer satisfy their service's constraints are told to
 * shut down; (2) tasks of removed services shut down and, once finished, are deleted; (3) every
 * slot of every service gets exactly one live task — a replicated service has slots
 * 1..replicas, a global one a slot per eligible node (up, not draining, satisfying the
 * constraints) — with dead tasks replaced per the restart policy; (4) pending tasks are placed;
 * (5) each slot's history is trimmed. Level-triggered: running it again on its own result
 * changes nothing.
 *
 * <p>Rollouts: a live task of an older {@code taskVersion} than its service's is outdated.
 * While the service's update is active, outdated slots are replaced {@code parallelism} at a
 * time, {@code delay} apart, stop-first (the old task stops before its slot gets a new one) or
 * start-first (the old one stops once the new one runs); each new task is watched for {@code
 * monitor}. Too many failed new tasks pause the rollout or roll it back, per the config.
 */
public final class Reconciler {
  static final String STOPPED_FOR_UPDATE = "stopped for an update";
  private final Settings settings;

  public Reconciler(Settings settings) {
    this.settings = settings;
  }

  public Plan reconcile(ClusterState state, Instant now, RandomGenerator random) {
    return new Pass(state, now, random).run();
  }

  private final class Pass {
    private final ClusterState state;
    private final Instant now;
    private final RandomGenerator random;
    private final Map<String, Task> tasks;
    private final Map<String, Task> upserts = new LinkedHashMap<>();
    private final Set<String> removals = new LinkedHashSet<>();
    private final List<Service> serviceWrites = new ArrayList<>();
    private Instant wakeAt;

    Pass(ClusterState state, Instant now, RandomGenerator random) {
      this.state = state;
      this.now = now;
      this.random = random;
      this.tasks = new HashMap<>(state.tasks());
    }

    Plan run() {
      handleNodes();
      handleRemovedServices();
      state.services().values().stream()
          .sorted(Comparator.comparing(Service::createdAt).thenComparing(Service::id))
          .forEach(this::reconcileService);
      placePending();
      trimHistory();
      return new Plan(List.copyOf(upserts.values()), List.copyOf(removals), serviceWrites, Optional.ofNullable(wakeAt));
    }

    private void write(Task task) {
      tasks.put(task.id(), task);
      upserts.put(task.id(), task);
    }

    private void remove(Task task) {
      tasks.remove(task.id());
      upserts.remove(task.id());
      removals.add(task.id());
    }

    private void handleNodes() {
      for (Task task : sorted(tasks.values())) {
        if (!task.isAlive() || task.nodeId() == null || task.state() == TaskState.PENDING) {
          continue;
        }
        Node node = state.nodes().get(task.nodeId());
        if (node == null || node.state() == NodeState.DOWN) {
          String why = node == null ? "node removed" : "node " + node.hostname() + " is down";
          write(task.withDesiredState(DesiredState.SHUTDOWN, now).moveTo(TaskState.ORPHANED, why, null, now));
        } else if (task.desiredState() != DesiredState.RUNNING) {
          continue;
        } else if (node.availability() == Availability.DRAIN) {
          write(task.withDesiredState(DesiredState.SHUTDOWN, now)
              .withMessage("node " + node.hostname() + " is draining", now));
        } else {
          Optional.ofNullable(state.services().get(task.serviceId()))
              .flatMap(service -> service.spec().placement().unsatisfiedBy(node))
              .ifPresent(unmet -> write(task.withDesiredState(DesiredState.SHUTDOWN, now)
                  .withMessage("node " + node.hostname() + " no longer satisfies " + unmet, now)));
        }
      }
    }

    private void handleRemovedServices() {
      for (Task task : sorted(tasks.values())) {
        if (state.services().containsKey(task.serviceId())) {
          continue;
        }
        if (!task.isAlive()) {
          remove(task);
        } else {
          shutDown(task, "service removed");
        }
      }
    }

    private void shutDown(Task task, String why) {
      if (task.desiredState() == DesiredState.SHUTDOWN && task.state().isOnNode()) {
        return;
      }
      Task stopping = task.withDesiredState(DesiredState.SHUTDOWN, now).withMessage(why, now);
      if (!task.state().isOnNode() && !task.state().isTerminal()) {
        stopping = stopping.moveTo(TaskState.SHUTDOWN, why, null, now);
      }
      write(stopping);
    }

    private void reconcileService(Service service) {
      Map<String, List<Task>> slots = new TreeMap<>();
      for (Task task : sorted(tasks.values())) {
        if (task.serviceId().equals(service.id())) {
          slots.computeIfAbsent(slotKey(service, task), k -> new ArrayList<>()).add(task);
        }
      }
      if (slots.isEmpty() && !dependenciesRun(service)) {
        return; // a stack's first start waits for the services it depends on
      }
      Set<String> wanted = wantedSlots(service);
      Set<String> keys = new LinkedHashSet<>(wanted);
      keys.addAll(slots.keySet());
      Map<String, Task> outdated = new TreeMap<>();
      for (String key : keys) {
        reconcileSlot(service, key, slots.getOrDefault(key, List.of()), wanted.contains(key))
            .ifPresent(old -> outdated.put(key, old));
      }
      roll(service, outdated, wanted.size());
    }

    /** Whether every service this one starts after runs all its tasks (healthy, as RUNNING means). */
    private boolean dependenciesRun(Service service) {
      for (String name : StackLabels.startAfter(service.spec())) {
        Optional<Service> dependency = state.services().values().stream().filter(s -> s.name().equals(name)).findFirst();
        if (dependency.isEmpty()) {
          continue;
        }
        long running = tasks.values().stream().filter(t -> t.serviceId().equals(dependency.get().id())
            && t.state() == TaskState.RUNNING && t.desiredState() == DesiredState.RUNNING).count();
        if (running == 0 || dependency.get().spec().mode() == ServiceMode.REPLICATED
            && running < dependency.get().spec().replicas()) {
          return false;
        }
      }
      return true;
    }

    private boolean outdated(Service service, Task task) {
      return task.specVersion() < service.taskVersion();
    }

    /** Moves the service's rollout on by one step, if one is active. */
    private void roll(Service service, Map<String, Task> outdated, int slotCount) {
      UpdateStatus status = service.updateStatus();
      if (status == null || !status.state().isActive()) {
        return;
      }
      UpdateConfig config = service.rolloutConfig();
      List<Task> fresh = tasks.values().stream()
          .filter(t -> t.serviceId().equals(service.id()) && !outdated(service, t))
          .filter(t -> !t.createdAt().isBefore(status.startedAt()))
          .toList();
      List<Task> failed = fresh.stream()
          .filter(t -> t.state() == TaskState.FAILED || t.state() == TaskState.REJECTED)
          .sorted(Comparator.comparing(Task::updatedAt)).toList();
      long failedSlots = failed.stream().map(Task::slot).distinct().count();
      if (config.failureAction() != UpdateConfig.FailureAction.CONTINUE && failedSlots > 0
          && failedSlots > config.maxFailureRatio() * slotCount) {
        Task last = failed.get(failed.size() - 1);
        String why = "task " + Ids.shortId(last.id()) + " of slot " + last.slot() + " failed: "
            + (last.error() != null ? last.error() : last.message());
        if (config.failureAction() == UpdateConfig.FailureAction.ROLLBACK && !status.state().isRollback()
            && service.previousSpec() != null) {
          serviceWrites.add(service.rolledBack(now, "rollback started: update failed (" + why + ")"));
        } else {
          UpdateStatus.State paused = status.state().isRollback()
              ? UpdateStatus.State.ROLLBACK_PAUSED : UpdateStatus.State.PAUSED;
          serviceWrites.add(service.withUpdateStatus(status.moveTo(paused,
              (paused == UpdateStatus.State.PAUSED ? "update" : "rollback") + " paused: " + why, now), now));
        }
        return;
      }
      long settling = fresh.stream()
          .filter(t -> t.desiredState() == DesiredState.RUNNING && t.isAlive())
          .filter(t -> t.state() != TaskState.RUNNING || t.startedAt() == null
              || t.startedAt().plus(config.monitor()).isAfter(now))
          .peek(t -> {
            if (t.state() == TaskState.RUNNING && t.startedAt() != null) {
              wakeNoLaterThan(t.startedAt().plus(config.monitor()));
            }
          })
          .count();
      settling += tasks.values().stream()
          .filter(t -> t.serviceId().equals(service.id()) && t.isAlive() && STOPPED_FOR_UPDATE.equals(t.message()))
          .count();
      if (outdated.isEmpty()) {
        if (settling == 0) {
          UpdateStatus.State done = status.state().isRollback()
              ? UpdateStatus.State.ROLLBACK_COMPLETED : UpdateStatus.State.COMPLETED;
          serviceWrites.add(service.withUpdateStatus(status.moveTo(done,
              done == UpdateStatus.State.COMPLETED ? "update completed" : "rollback completed", now), now));
        }
        return;
      }
      Optional<Instant> lastStart = fresh.stream().map(Task::createdAt).max(Comparator.naturalOrder());
      if (lastStart.isPresent() && !config.delay().isZero() && lastStart.get().plus(config.delay()).isAfter(now)) {
        wakeNoLaterThan(lastStart.get().plus(config.delay()));
        return;
      }
      long room = config.parallelism() == 0 ? outdated.size() : config.parallelism() - settling;
      outdated.entrySet().stream().limit(Math.max(0, room)).forEach(entry -> {
        Task old = entry.getValue();
        if (config.order() == UpdateConfig.Order.START_FIRST) {
          String node = service.spec().mode() == ServiceMode.GLOBAL ? old.nodeId() : null;
          create(service, old.slot(), node, old.attempt() + 1, 0);
        } else {
          write(old.withDesiredState(DesiredState.SHUTDOWN, now).withMessage(STOPPED_FOR_UPDATE, now));
        }
      });
    }

    private void wakeNoLaterThan(Instant at) {
      wakeAt = wakeAt == null || at.isBefore(wakeAt) ? at : wakeAt;
    }

    private String slotKey(Service service, Task task) {
      return service.spec().mode() == ServiceMode.GLOBAL ? "node:" + task.nodeId() : slotName(task.slot());
    }

    private Set<String> wantedSlots(Service service) {
      Set<String> wanted = new LinkedHashSet<>();
      if (service.spec().mode() == ServiceMode.GLOBAL) {
        state.nodes().values().stream()
            .filter(n -> n.state() != NodeState.DOWN && n.availability() != Availability.DRAIN)
            .filter(n -> service.spec().placement().isSatisfiedBy(n))
            .map(Node::id).sorted().forEach(id -> wanted.add("node:" + id));
      } else {
        for (int slot = 1; slot <= service.spec().replicas(); slot++) {
          wanted.add(slotName(slot));
        }
      }
      return wanted;
    }

    private String slotName(int slot) {
      return String.format("slot:%06d", slot);
    }

    /** Keeps one live task in the slot; returns that task when it is outdated (a rollout candidate). */
    private Optional<Task> reconcileSlot(Service service, String key, List<Task> slotTasks, boolean wanted) {
      List<Task> current = slotTasks.stream().map(t -> tasks.get(t.id())).filter(t -> t != null).toList();
      List<Task> live = current.stream()
          .filter(t -> t.desiredState() == DesiredState.RUNNING && t.isAlive()).toList();
      if (!wanted) {
        live.forEach(t -> shutDown(t, service.spec().mode() == ServiceMode.GLOBAL
            ? "node no longer eligible" : "scaled down"));
        current.stream().filter(t -> t.desiredState() == DesiredState.RUNNING && !t.isAlive())
            .forEach(t -> write(t.withDesiredState(DesiredState.SHUTDOWN, now)));
        if (current.stream().noneMatch(t -> tasks.get(t.id()).isAlive())) {
          current.forEach(this::remove);
        }
        return Optional.empty();
      }
      List<Task> freshLive = live.stream().filter(t -> !outdated(service, t)).toList();
      if (live.size() > 1 && freshLive.size() == 1) {
        // start-first: the old task goes once its replacement runs
        if (freshLive.get(0).state() == TaskState.RUNNING) {
          live.stream().filter(t -> t != freshLive.get(0)).forEach(t -> shutDown(t, "replaced by the update"));
        }
        return Optional.empty();
      }
      if (live.size() > 1) {
        Task keep = live.stream().max(Comparator.comparing((Task t) -> t.state().ordinal())
            .thenComparing(Task::createdAt)).orElseThrow();
        live.stream().filter(t -> t != keep).forEach(t -> shutDown(t, "duplicate task in slot"));
        return Optional.empty();
      }
      if (!live.isEmpty()) {
        return outdated(service, live.get(0)) ? Optional.of(live.get(0)) : Optional.empty();
      }
      if (current.stream().anyMatch(t -> t.isAlive() && STOPPED_FOR_UPDATE.equals(t.message()))) {
        return Optional.empty(); // stop-first: the slot's new task waits for the old one to stop
      }
      Optional<Task> dead = current.stream()
          .filter(t -> t.desiredState() == DesiredState.RUNNING && !t.isAlive())
          .max(Comparator.comparing(Task::createdAt));
      int slot = slotNumber(service, key);
      String node = service.spec().mode() == ServiceMode.GLOBAL ? key.substring("node:".length()) : null;
      if (dead.isEmpty()) {
        int attempt = current.stream().mapToInt(Task::attempt).max().orElse(-1) + 1;
        int streak = current.stream().max(Comparator.comparing(Task::createdAt)).map(Task::crashStreak).orElse(0);
        create(service, slot, node, attempt, streak);
        return Optional.empty();
      }
      Task last = dead.get();
      if (last.state() == TaskState.ORPHANED) {
        write(last.withDesiredState(DesiredState.SHUTDOWN, now));
        create(service, slot, node, last.attempt() + 1, last.crashStreak());
        return Optional.empty();
      }
      RestartDecision decision = RestartDecision.of(last, current, service.spec().restartPolicy(), settings, now);
      if (!decision.restart()) {
        return Optional.empty();
      }
      if (now.isBefore(decision.notBefore())) {
        wakeAt = wakeAt == null || decision.notBefore().isBefore(wakeAt) ? decision.notBefore() : wakeAt;
        return Optional.empty();
      }
      write(last.withDesiredState(DesiredState.SHUTDOWN, now));
      create(service, slot, node, last.attempt() + 1, decision.crashStreak());
      return Optional.empty();
    }

    private int slotNumber(Service service, String key) {
      return service.spec().mode() == ServiceMode.GLOBAL ? 0 : Integer.parseInt(key.substring("slot:".length()));
    }

    private void create(Service service, int slot, String node, int attempt, int crashStreak) {
      Task task = Task.create(Ids.next(random), service, slot, attempt, crashStreak, now);
      if (node != null) {
        task = new Task(task.id(), task.serviceId(), task.serviceName(), slot, task.specVersion(), node,
            task.desiredState(), task.state(), task.message(), null, null, null, attempt, crashStreak,
            now, now, null, null, Map.of());
      }
      write(task);
    }

    private void placePending() {
      Map<String, NodeInfo> infos = new TreeMap<>();
      state.nodes().values().forEach(n -> infos.put(n.id(), NodeInfo.empty(n)));
      for (Task task : sorted(tasks.values())) {
        Service service = state.services().get(task.serviceId());
        if (task.isAlive() && task.state() != TaskState.PENDING && task.nodeId() != null
            && infos.containsKey(task.nodeId()) && service != null) {
          infos.computeIfPresent(task.nodeId(), (id, info) -> info.plus(task, service.spec()));
        }
      }
      Placement placement = new Placement(List.copyOf(infos.values()));
      List<Task> pending = tasks.values().stream()
          .filter(t -> t.state() == TaskState.PENDING && t.desiredState() == DesiredState.RUNNING)
          .filter(t -> state.services().containsKey(t.serviceId()))
          .sorted(Comparator.comparing((Task t) -> state.services().get(t.serviceId()).createdAt())
              .thenComparing(Task::serviceId).thenComparingInt(Task::slot).thenComparing(Task::createdAt))
          .toList();
      for (Task task : pending) {
        ServiceSpec spec = state.services().get(task.serviceId()).spec();
        Optional<String> only = spec.mode() == ServiceMode.GLOBAL ? Optional.of(task.nodeId()) : Optional.empty();
        Placement.Decision decision = placement.place(task, spec, only);
        if (decision instanceof Placement.Assigned a) {
          write(task.assign(a.nodeId(), now));
        } else if (decision instanceof Placement.Unplaceable u && !u.reason().equals(task.message())) {
          write(task.withMessage(u.reason(), now));
        }
      }
    }

    private void trimHistory() {
      Map<String, List<Task>> finishedBySlot = new HashMap<>();
      for (Task task : tasks.values()) {
        Service service = state.services().get(task.serviceId());
        if (service != null && !task.isAlive() && task.desiredState() == DesiredState.SHUTDOWN) {
          finishedBySlot.computeIfAbsent(task.serviceId() + "/" + slotKey(service, task), k -> new ArrayList<>())
              .add(task);
        }
      }
      for (List<Task> finished : finishedBySlot.values()) {
        finished.stream()
            .sorted(Comparator.comparing(Task::createdAt).reversed().thenComparing(Task::id))
            .skip(settings.historyLimit())
            .forEach(this::remove);
      }
    }
  }

  private static List<Task> sorted(java.util.Collection<Task> tasks) {
    return tasks.stream().sorted(Comparator.comparing(Task::createdAt).thenComparing(Task::id)).toList();
  }
}
