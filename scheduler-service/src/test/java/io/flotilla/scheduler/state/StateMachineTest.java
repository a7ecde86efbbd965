package io.flotilla.scheduler.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.bus.Failures;
import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.flotilla.model.ApiRole;
import io.flotilla.model.ApiTokenSpec;
import io.flotilla.model.DesiredState;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replicated state machine, command by command: what each changes, and what it refuses. */
class StateMachineTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final long TERM = 3;

  private ManagerState state = ManagerState.EMPTY;
  private long index;

  private Outcome apply(Command command) {
    return apply(command, TERM);
  }

  private Outcome apply(Command command, long term) {
    Applied applied = StateMachine.apply(state, Proposal.of(T0.plusSeconds(index), command), ++index, term);
    state = applied.state();
    return applied.outcomes().get(0);
  }

  private static Service service(String id, ServiceSpec spec) {
    return new Service(id, 1, spec, null, T0, T0);
  }

  private Outcome create(String id, ServiceSpec spec) {
    return apply(new Command.CreateService(service(id, spec), "ingress-" + id, Ipam.DEFAULT_POOL));
  }

  @Test
  void createService_storesIt_andAnswersItsView() {
    Outcome outcome = create("s1", ServiceSpec.of("web", "web:1", 3));

    assertThat(outcome.isOk()).isTrue();
    assertThat(outcome.value(Messages.ServiceView.class).desiredTasks()).isEqualTo(3);
    assertThat(state.services()).containsOnlyKeys("s1");
    assertThat(state.applied()).isEqualTo(1);
  }

  @Test
  void twoCreatesOfOneName_theSecondIsRefused_evenIfBothPassedTheirProposersChecks() {
    create("s1", ServiceSpec.of("web", "web:1", 1));
    ManagerState before = state;

    Outcome second = create("s2", ServiceSpec.of("web", "web:2", 1));

    assertThat(second.status()).isEqualTo(Failures.CONFLICT);
    assertThat(second.error()).isEqualTo("a service named 'web' already exists");
    assertThat(state.services()).isEqualTo(before.services());
    assertThat(state.applied()).isEqualTo(2);
  }

  @Test
  void aServiceThatPublishesAPort_bringsTheRoutingMeshNetwork_once() {
    ServiceSpec published = new ServiceSpec("web", "web:1", null, 1, null, null, null, null,
        List.of(new PortConfig(8080, 80, null, null)), null, null, null, null, null, null, null, null);
    create("s1", published);
    assertThat(state.networks()).containsOnlyKeys("ingress-s1");

    create("s2", new ServiceSpec("api", "web:1", null, 1, null, null, null, null,
        List.of(new PortConfig(8081, 80, null, null)), null, null, null, null, null, null, null, null));
    assertThat(state.networks()).containsOnlyKeys("ingress-s1");
  }

  @Test
  void updateWithAStaleVersion_isRefused_andChangesNothing() {
    create("s1", ServiceSpec.of("web", "web:1", 1));
    apply(new Command.ScaleService("web", 2));
    ManagerState before = state;

    Outcome stale = apply(new Command.UpdateService("web", 1, ServiceSpec.of("web", "web:2", 2), "i", Ipam.DEFAULT_POOL));

    assertThat(stale.status()).isEqualTo(Failures.CONFLICT);
    assertThat(stale.error()).contains("version 1 is stale").contains("version 2");
    assertThat(state.services()).isEqualTo(before.services());
  }

  @Test
  void anUnknownReference_isNotFound() {
    assertThat(apply(new Command.ScaleService("nope", 2)).status()).isEqualTo(Failures.NOT_FOUND);
    assertThat(apply(new Command.RemoveNetwork("nope")).error()).isEqualTo("no such network: nope");
    assertThat(apply(new Command.RemoveNode("nope", true)).status()).isEqualTo(Failures.NOT_FOUND);
  }

  @Test
  void aPlan_appliesOnlyInItsTermAndOntoTheStateItWasMadeFrom() {
    create("s1", ServiceSpec.of("web", "web:1", 1));
    Task task = Task.create("t1", service("s1", ServiceSpec.of("web", "web:1", 1)), 1, 0, 0, T0);
    long basedOn = state.applied();

    Outcome deposed = apply(new Command.ApplyPlan(TERM - 1, basedOn, List.of(task), List.of(), List.of(), List.of()));
    assertThat(deposed.status()).isEqualTo(Failures.CONFLICT);
    assertThat(deposed.error()).contains("stale plan");
    assertThat(state.tasks()).isEmpty();

    long current = state.applied();
    apply(new Command.RotateJoinToken(NodeRole.WORKER));
    Outcome raced = apply(new Command.ApplyPlan(TERM, current, List.of(task), List.of(), List.of(), List.of()));
    assertThat(raced.status()).isEqualTo(Failures.CONFLICT);
    assertThat(state.tasks()).isEmpty();

    Outcome fresh = apply(new Command.ApplyPlan(TERM, state.applied(), List.of(task), List.of(), List.of(),
        List.of()));
    assertThat(fresh.isOk()).isTrue();
    assertThat(state.tasks()).containsOnlyKeys("t1");
  }

  @Test
  void taskReports_moveStateForwardOnly_andMakeEvents() {
    create("s1", ServiceSpec.of("web", "web:1", 1));
    Task task = Task.create("t1", service("s1", ServiceSpec.of("web", "web:1", 1)), 1, 0, 0, T0).assign("n1", T0);
    apply(new Command.ApplyPlan(TERM, state.applied(), List.of(task), List.of(), List.of(), List.of()));

    Applied running = StateMachine.apply(state, Proposal.of(T0, new Command.ReportTasks(List.of(
        status("t1", TaskState.RUNNING)))), ++index, TERM);
    state = running.state();
    assertThat(state.tasks().get("t1").state()).isEqualTo(TaskState.RUNNING);
    assertThat(running.events()).extracting(Messages.Event::action).containsExactly("running");

    apply(new Command.ReportTasks(List.of(status("t1", TaskState.STARTING))));
    assertThat(state.tasks().get("t1").state()).isEqualTo(TaskState.RUNNING);
    assertThat(state.tasks().get("t1").desiredState()).isEqualTo(DesiredState.RUNNING);
  }

  private static TaskStatus status(String taskId, TaskState taskState) {
    return new TaskStatus(taskId, "n1", taskState, "c1", null, null, null, null, null, T0, Map.of());
  }

  @Test
  void aRemovedNode_isIgnoredUntilItHeartbeatsAfterTheRemoval() {
    Instant heard = T0;
    apply(new Command.ReportLiveness(List.of(liveness("n1", NodeState.DOWN, heard))));
    apply(new Command.RemoveNode("n1", false));
    assertThat(state.nodes()).isEmpty();
    Instant removedAt = state.removedNodes().get("n1");

    apply(new Command.ReportLiveness(List.of(liveness("n1", NodeState.DOWN, heard))));
    assertThat(state.nodes()).isEmpty();

    apply(new Command.ReportLiveness(List.of(liveness("n1", NodeState.READY, removedAt.plusMillis(1)))));
    assertThat(state.nodes()).containsOnlyKeys("n1");
    assertThat(state.removedNodes()).isEmpty();
  }

  @Test
  void aReadyNode_isRemovedOnlyByForce() {
    apply(new Command.ReportLiveness(List.of(liveness("n1", NodeState.READY, T0))));

    Outcome refused = apply(new Command.RemoveNode("n1", false));

    assertThat(refused.status()).isEqualTo(Failures.CONFLICT);
    assertThat(refused.error()).contains("host-n1").contains("only a DOWN node can be removed");
    assertThat(apply(new Command.RemoveNode("n1", true)).isOk()).isTrue();
  }

  @Test
  void rotatingAJoinToken_movesItsGenerationOn() {
    apply(new Command.RotateJoinToken(NodeRole.MANAGER));
    apply(new Command.RotateJoinToken(NodeRole.MANAGER));

    assertThat(NodeChanges.tokenGenerations(state)).containsEntry(NodeRole.MANAGER, 2).containsEntry(NodeRole.WORKER, 0);
    assertThat(apply(new Command.RotateJoinToken(null)).status()).isEqualTo(Failures.BAD_REQUEST);
  }

  @Test
  void anApiToken_isKeptByNameWithItsHash_andNamesAreUnique() {
    Outcome created = apply(new Command.CreateApiToken(new ApiTokenSpec("ci", ApiRole.READONLY), "hash-1"));

    assertThat(created.value(Messages.ApiTokenView.class))
        .isEqualTo(new Messages.ApiTokenView("ci", ApiRole.READONLY, T0));
    assertThat(state.apiTokens().get("ci").hash()).isEqualTo("hash-1");
    Outcome again = apply(new Command.CreateApiToken(new ApiTokenSpec("ci", ApiRole.ADMIN), "hash-2"));
    assertThat(again.status()).isEqualTo(Failures.CONFLICT);
    assertThat(again.error()).isEqualTo("an API token named 'ci' already exists");
    assertThat(state.apiTokens().get("ci").hash()).isEqualTo("hash-1");
  }

  @Test
  void removingAnApiToken_forgetsIt_andAnUnknownOneIsNotFound() {
    apply(new Command.CreateApiToken(new ApiTokenSpec("ci", ApiRole.READONLY), "hash-1"));

    assertThat(apply(new Command.RemoveApiToken("ci")).isOk()).isTrue();

    assertThat(state.apiTokens()).isEmpty();
    Outcome unknown = apply(new Command.RemoveApiToken("ci"));
    assertThat(unknown.status()).isEqualTo(Failures.NOT_FOUND);
    assertThat(unknown.error()).isEqualTo("no such API token: ci");
  }

  @Test
  void theFirstAdminToken_askedAgainWithTheSameHash_isAnsweredAgain_soALostAnswerLocksNobodyOut() {
    Outcome first = apply(new Command.CreateFirstAdminToken("hash-1"));
    Outcome retry = apply(new Command.CreateFirstAdminToken("hash-1"));

    assertThat(retry.status()).isEqualTo(first.status());
    assertThat(retry.value(Messages.ApiTokenView.class)).isEqualTo(first.value(Messages.ApiTokenView.class));
    assertThat(state.apiTokens()).containsOnlyKeys("admin");
  }

  @Test
  void theFirstAdminToken_isMadeOnceInTheClustersLife_evenAfterItWasRemoved() {
    Outcome first = apply(new Command.CreateFirstAdminToken("hash-1"));
    assertThat(first.value(Messages.ApiTokenView.class).role()).isEqualTo(ApiRole.ADMIN);
    assertThat(state.apiTokens()).containsOnlyKeys("admin");

    assertThat(apply(new Command.CreateFirstAdminToken("hash-2")).status()).isEqualTo(Failures.CONFLICT);
    apply(new Command.RemoveApiToken("admin"));
    assertThat(apply(new Command.CreateFirstAdminToken("hash-1")).status()).as("not even with its old hash")
        .isEqualTo(Failures.CONFLICT);
    assertThat(apply(new Command.CreateFirstAdminToken("hash-3")).status()).isEqualTo(Failures.CONFLICT);

    assertThat(state.apiTokens()).isEmpty();
  }

  @Test
  void apiTokens_surviveTheLogAndTheSnapshot_asJson() throws Exception {
    Command command = new Command.CreateApiToken(new ApiTokenSpec("ci", ApiRole.READONLY), "hash-1");
    apply(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(command), Command.class));

    ManagerState reloaded = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(state), ManagerState.class);

    assertThat(reloaded.apiTokens()).isEqualTo(state.apiTokens());
    assertThat(reloaded.apiTokens().get("ci").role()).isEqualTo(ApiRole.READONLY);
  }

  private static Messages.NodeLiveness liveness(String id, NodeState nodeState, Instant lastHeartbeat) {
    return new Messages.NodeLiveness(new NodeDescription(id, "host-" + id, "10.0.0.1", NodeRole.WORKER, Map.of(),
        new Resources.Amount(2, 1L << 30), "20.10"), nodeState, lastHeartbeat);
  }
}
