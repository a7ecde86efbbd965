package io.flotilla.gateway.compose;

import static io.flotilla.gateway.compose.Compose.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.HealthCheck;
import io.flotilla.model.Mount;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.PlacementSpec;
import io.flotilla.model.PortConfig;
import io.flotilla.model.ServiceSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed app: a database pinned to a node with its volume, a backend behind it, a frontend in front. */
class ThreeTierStackTest {
  static final String SEED = """
      version: "3.8"
      services:
        db:
          image: flotilla-test/db:1
          volumes:
            - db-data:/var/lib/db
          networks: [back]
          healthcheck:
            test: ["CMD", "nc", "-z", "localhost", "5432"]
            interval: 2s
            timeout: 1s
            retries: 5
            start_period: 10s
          deploy:
            replicas: 1
            placement:
              constraints:
                - node.hostname == host-a
        backend:
          image: flotilla-test/web:1
          environment:
            DB_HOST: db
          networks: [back]
          depends_on:
            db:
              condition: service_healthy
          deploy:
            replicas: 3
        frontend:
          image: flotilla-test/web:1
          ports:
            - "8080:80"
          networks: [front, back]
          deploy:
            replicas: 2
      networks:
        front:
        back:
      volumes:
        db-data:
      """;

  private final StackSpec stack = parse(SEED);

  @Test
  void database_isOneReplicaPinnedToItsNode_withItsVolumeAndHealthCheck() {
    ServiceSpec expected = new ServiceSpec("shop_db", "flotilla-test/db:1", null, 1, null, null, null, null, null,
        List.of("shop_back"), null, new PlacementSpec(List.of("node.hostname==host-a"), null), null,
        List.of(new Mount(Mount.Type.VOLUME, "shop_db-data", "/var/lib/db", false)),
        new HealthCheck(List.of("CMD", "nc", "-z", "localhost", "5432"), Duration.ofSeconds(2), Duration.ofSeconds(1),
            5, Duration.ofSeconds(10)),
        null, null);

    assertThat(Compose.service(stack, "db")).isEqualTo(expected);
  }

  @Test
  void backend_isThreeReplicasOnTheBackNetwork() {
    ServiceSpec expected = new ServiceSpec("shop_backend", "flotilla-test/web:1", null, 3, null, null,
        Map.of("DB_HOST", "db"), null, null, List.of("shop_back"), null, null, null, null, null, null, null);

    assertThat(Compose.service(stack, "backend")).isEqualTo(expected);
  }

  @Test
  void frontend_isTwoReplicasPublishing8080OnBothNetworks() {
    ServiceSpec expected = new ServiceSpec("shop_frontend", "flotilla-test/web:1", null, 2, null, null, null, null,
        List.of(new PortConfig(8080, 80, PortConfig.Protocol.TCP, PortConfig.PublishMode.INGRESS)),
        List.of("shop_front", "shop_back"), null, null, null, null, null, null, null);

    assertThat(Compose.service(stack, "frontend")).isEqualTo(expected);
  }

  @Test
  void stack_hasItsServicesInFileOrder_itsNetworks_itsVolume_andTheBackendWaitsForTheDatabase() {
    assertThat(stack.name()).isEqualTo("shop");
    assertThat(stack.services()).extracting(ServiceSpec::name)
        .containsExactly("shop_db", "shop_backend", "shop_frontend");
    assertThat(stack.networks()).containsExactly(new NetworkSpec("shop_front", null, null),
        new NetworkSpec("shop_back", null, null));
    assertThat(stack.volumes()).containsExactly("db-data");
    assertThat(stack.startAfter()).containsExactly(Map.entry("shop_backend", List.of("shop_db")));
    assertThat(stack.warnings()).isEmpty();
  }
}
