package io.flotilla.scheduler.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.bus.Messages;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.Network;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.PortConfig;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.StackLabels;
import io.flotilla.scheduler.network.Ipam;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StackPlanTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final AtomicInteger ids = new AtomicInteger();

  private static ServiceSpec spec(String name, String image, List<String> networks, List<PortConfig> ports) {
    return new ServiceSpec(name, image, null, 1, null, null, null, null, ports, networks, null, null, null, null, null,
        null, null);
  }

  private static Messages.DeployStack stack(boolean prune, ServiceSpec... services) {
    return new Messages.DeployStack("shop", List.of(services), List.of(new NetworkSpec("shop_back", null, null)),
        List.of(), Map.of("shop_web", List.of("shop_db")), prune, false);
  }

  private StackPlan.Result plan(Messages.DeployStack stack, List<Service> services, List<Network> networks) {
    return StackPlan.plan(stack, services, networks, Ipam.DEFAULT_POOL, () -> "id" + ids.incrementAndGet(), NOW);
  }

  /** The cluster after {@code result} was applied on top of {@code services}. */
  private static List<Service> applied(List<Service> services, StackPlan.Result result) {
    List<Service> after = new ArrayList<>(services);
    after.removeIf(s -> result.writes().stream().anyMatch(w -> w.id().equals(s.id())));
    after.removeAll(result.pruned());
    after.addAll(result.writes());
    return after;
  }

  @Test
  void aFirstDeploy_createsEverything_taggedWithTheStack() {
    StackPlan.Result result = plan(stack(false, spec("shop_db", "db:1", List.of("shop_back"), null),
        spec("shop_web", "web:1", List.of("shop_back"), null)), List.of(), List.of());

    assertThat(result.summary().created()).containsExactly("shop_db", "shop_web");
    assertThat(result.summary().networksCreated()).containsExactly("shop_back");
    assertThat(result.writes()).allMatch(s -> "shop".equals(StackLabels.stackOf(s.spec().labels())));
    assertThat(result.writes().get(1).spec().labels()).containsEntry(StackLabels.START_AFTER, "shop_db");
    assertThat(StackLabels.stackOf(result.newNetworks().get(0).spec().labels())).isEqualTo("shop");
  }

  @Test
  void aRedeploy_changesOnlyWhatChanged_andPrunesOnlyWhenAsked() {
    Messages.DeployStack first = stack(false, spec("shop_db", "db:1", List.of("shop_back"), null),
        spec("shop_web", "web:1", List.of("shop_back"), null));
    StackPlan.Result created = plan(first, List.of(), List.of());
    List<Service> services = applied(List.of(), created);

    StackPlan.Result same = plan(first, services, created.newNetworks());
    assertThat(same.writes()).isEmpty();
    assertThat(same.summary().unchanged()).containsExactly("shop_db", "shop_web");
    assertThat(same.newNetworks()).isEmpty();

    StackPlan.Result edited = plan(stack(false, spec("shop_web", "web:2", List.of("shop_back"), null)), services,
        created.newNetworks());
    assertThat(edited.summary().updated()).containsExactly("shop_web");
    assertThat(edited.summary().changes()).containsOnlyKeys("shop_web");
    assertThat(edited.summary().changes().get("shop_web"))
        .containsExactly(new Messages.FieldChange("image", "web:1", "web:2"));
    assertThat(edited.writes().get(0).updateStatus().state()).isNotNull();
    assertThat(edited.pruned()).isEmpty();

    StackPlan.Result pruned = plan(stack(true, spec("shop_web", "web:1", List.of("shop_back"), null)), services,
        created.newNetworks());
    assertThat(pruned.summary().removed()).containsExactly("shop_db");
  }

  @Test
  void clashesAreConflicts_andBadReferencesAreInvalid() {
    Service outsider = new Service("x", 1, spec("shop_web", "web:1", List.of(), List.of(PortConfig.parse("8080:80"))),
        null, NOW, NOW);
    assertThatThrownBy(() -> plan(stack(false, spec("shop_web", "web:1", List.of(), null)), List.of(outsider), List.of()))
        .isInstanceOf(StackPlan.Conflict.class).hasMessageContaining("outside stack shop");
    Service other = new Service("y", 1, spec("api", "api:1", List.of(), List.of(PortConfig.parse("8080:80"))),
        null, NOW, NOW);
    assertThatThrownBy(() -> plan(stack(false, spec("shop_web", "web:1", List.of(),
        List.of(PortConfig.parse("8080:80")))), List.of(other), List.of()))
        .isInstanceOf(StackPlan.Conflict.class).hasMessageContaining("services.shop_web: port 8080/tcp");
    assertThatThrownBy(() -> plan(stack(false, spec("shop_web", "web:1", List.of("shop_nowhere"), null)), List.of(),
        List.of()))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("services.shop_web.networks[0]");
  }

  @Test
  void anExternalNetwork_mustExist_andIsJoinedNotCreated() {
    ServiceSpec web = spec("shop_web", "web:1", List.of("proxy"), null);
    Messages.DeployStack joining = new Messages.DeployStack("shop", List.of(web), List.of(), List.of("proxy"),
        Map.of(), false, false);

    assertThatThrownBy(() -> plan(joining, List.of(), List.of()))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("networks.proxy: the external network 'proxy' does not exist; create it first"
            + " (flotilla network create proxy) or deploy the stack that declares it");

    Network proxy = plan(new Messages.DeployStack("edge", List.of(spec("edge_lb", "lb:1", List.of("proxy"), null)),
        List.of(new NetworkSpec("proxy", null, null)), List.of(), Map.of(), false, false), List.of(), List.of())
        .newNetworks().get(0);
    StackPlan.Result joined = plan(joining, List.of(), List.of(proxy));
    assertThat(joined.newNetworks()).isEmpty();
    assertThat(joined.summary().created()).containsExactly("shop_web");
  }
}
