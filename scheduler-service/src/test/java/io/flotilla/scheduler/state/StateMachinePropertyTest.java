package io.flotilla.scheduler.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.NodeDescription;
import io.flotilla.model.NodeRole;
import io.flotilla.model.NodeState;
import io.flotilla.model.PortConfig;
import io.flotilla.model.Resources;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.flotilla.model.TaskState;
import io.flotilla.model.TaskStatus;
import io.flotilla.scheduler.network.Ipam;
import io.flotilla.scheduler.reconcile.Plan;
import io.flotilla.scheduler.reconcile.Reconciler;
import io.flotilla.scheduler.reconcile.Settings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The same committed log gives the same state on every manager: one that applies entries as
 * they come, one that reads each entry back from the bytes Raft ships, and one that restarts
 * from a snapshot half-way. A random log mixes API writes, agents' reports and the leader's
 * plans (made by the real reconciler, some of them stale).
 */
class StateMachinePropertyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<String> NAMES = List.of("web", "api", "db");

  @Property(tries = 60)
  void theSameLog_givesTheSameState_everywhere(@ForAll long seed, @ForAll @IntRange(min = 5, max = 120) int length,
      @ForAll @IntRange(min = 0, max = 119) int snapshotAt) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Proposal> log = new ArrayList<>();
    List<Long> terms = new ArrayList<>();
    ManagerState leader = ManagerState.EMPTY;
    long term = 1;
    for (int i = 1; i <= length; i++) {
      if (random.nextInt(15) == 0) {
        term++;
      }
      Command command = randomCommand(random, leader, term, i);
      Proposal proposal = new Proposal(T0.plusSeconds(i), List.of(command));
      log.add(proposal);
      terms.add(term);
      leader = StateMachine.apply(leader, proposal, i, term).state();
    }

    ManagerState shipped = ManagerState.EMPTY;
    ManagerState restarted = ManagerState.EMPTY;
    for (int i = 0; i < log.size(); i++) {
      Proposal overTheWire = Json.decode(Json.encode(log.get(i)), Proposal.class);
      shipped = StateMachine.apply(shipped, overTheWire, i + 1, terms.get(i)).state();
      if (i == snapshotAt) {
        restarted = Json.decode(Json.encode(restarted), ManagerState.class);
      }
      restarted = StateMachine.apply(restarted, log.get(i), i + 1, terms.get(i)).state();
    }

    assertThat(Json.encode(shipped)).isEqualTo(Json.encode(leader));
    assertThat(Json.encode(restarted)).isEqualTo(Json.encode(leader));
    assertThat(shipped).isEqualTo(leader);
  }

  private static Command randomCommand(SplittableRandom random, ManagerState state, long term, int i) {
    String name = NAMES.get(random.nextInt(NAMES.size()));
    return switch (random.nextInt(9)) {
      case 0 -> new Command.CreateService(new Service("svc" + i, 1, spec(name, random), null, T0, T0), "ingress" + i,
          Ipam.DEFAULT_POOL);
      case 1 -> new Command.ScaleService(name, random.nextInt(5));
      case 2 -> new Command.RemoveService(name);
      case 3 -> new Command.ReportLiveness(List.of(new Messages.NodeLiveness(new NodeDescription("n" + random.nextInt(3),
          "host", "10.0.0.1", NodeRole.WORKER, Map.of(), new Resources.Amount(2, 1L << 30), "20.10"),
          random.nextBoolean() ? NodeState.READY : NodeState.DOWN, T0.plusSeconds(i))));
      case 4 -> reports(random, state, i);
      case 5 -> new Command.CreateNetwork("net" + i, new NetworkSpec("net" + random.nextInt(3), null, null),
          Ipam.DEFAULT_POOL);
      case 6 -> new Command.RemoveNode("n" + random.nextInt(3), random.nextBoolean());
      default -> plan(random, state, term);
    };
  }

  private static ServiceSpec spec(String name, SplittableRandom random) {
    List<PortConfig> ports = random.nextBoolean() ? List.of() : List.of(new PortConfig(8000 + random.nextInt(3), 80,
        null, null));
    return new ServiceSpec(name, "img:1", null, 1 + random.nextInt(3), null, null, null, null, ports, null, null,
        null, null, null, null, null, null);
  }

  private static Command reports(SplittableRandom random, ManagerState state, int i) {
    List<TaskStatus> statuses = new ArrayList<>();
    for (Task task : state.tasks().values()) {
      if (task.nodeId() != null && random.nextBoolean()) {
        TaskState next = TaskState.values()[random.nextInt(TaskState.values().length)];
        statuses.add(new TaskStatus(task.id(), task.nodeId(), next, "c" + i, null, null, null, null, null,
            T0.plusSeconds(i), Map.of()));
      }
    }
    return new Command.ReportTasks(statuses);
  }

  /** What the leader would propose, sometimes made in an older term or on an older entry. */
  private static Command plan(SplittableRandom random, ManagerState state, long term) {
    Plan plan = new Reconciler(Settings.DEFAULT).reconcile(state.cluster(), T0.plusSeconds(state.applied()),
        new SplittableRandom(random.nextLong()));
    long planTerm = random.nextInt(5) == 0 ? term - 1 : term;
    long basedOn = random.nextInt(5) == 0 ? state.applied() - 1 : state.applied();
    return new Command.ApplyPlan(planTerm, basedOn, plan.upserts(), plan.removals(), plan.services(), List.of());
  }
}
