package io.flotilla.gateway.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.Mount;
import io.flotilla.model.NetworkSpec;
import io.flotilla.model.PortConfig;
import io.flotilla.model.ServiceMode;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.UpdateConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComposeFileTest {
  private static final String THREE_TIER = """
      services:
        db:
          image: postgres:16
          environment:
            POSTGRES_PASSWORD: secret
          volumes: [dbdata:/var/lib/postgresql/data]
          networks: [back]
          healthcheck:
            test: pg_isready
            interval: 2s
            retries: 5
          deploy:
            placement:
              constraints: [node.hostname==db-host]
        backend:
          image: shop/backend:1
          command: ./serve --port 8000 "--name=the shop"
          env_file: backend.env
          networks: [back]
          depends_on:
            db:
              condition: service_healthy
          deploy:
            replicas: 3
            resources:
              limits: {cpus: '0.5', memory: 256M}
            update_config:
              parallelism: 2
              order: start-first
              delay: 5s
        frontend:
          image: shop/frontend:1
          ports: ["8080:80", {target: 443, published: 8443, mode: host}]
          networks: [front, back]
          depends_on: [backend]
          deploy:
            mode: replicated
            replicas: 2
      networks:
        front:
        back:
          ipam:
            config: [{subnet: 10.50.0.0/16}]
      volumes:
        dbdata:
      """;

  private static StackSpec parse(String yaml) {
    return ComposeFile.parse("shop", yaml, path -> path.equals("backend.env")
        ? Optional.of("# the backend\nLOG=debug\nQUOTED=\"a b\"\n") : Optional.empty());
  }

  private static ServiceSpec service(StackSpec stack, String name) {
    return stack.services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theThreeTierApp_becomesScopedServicesNetworksAndVolumes() {
    StackSpec stack = parse(THREE_TIER);

    assertThat(stack.services()).extracting(ServiceSpec::name)
        .containsExactly("shop_db", "shop_backend", "shop_frontend");
    assertThat(stack.networks()).extracting(NetworkSpec::name).containsExactlyInAnyOrder("shop_front", "shop_back");
    assertThat(stack.networks()).filteredOn(n -> n.name().equals("shop_back")).extracting(NetworkSpec::subnet)
        .containsExactly("10.50.0.0/16");
    assertThat(stack.volumes()).containsExactly("dbdata");
    assertThat(stack.startAfter()).containsOnly(Map.entry("shop_backend", List.of("shop_db")),
        Map.entry("shop_frontend", List.of("shop_backend")));
    assertThat(stack.warnings()).isEmpty();

    ServiceSpec db = service(stack, "shop_db");
    assertThat(db.mounts()).containsExactly(new Mount(Mount.Type.VOLUME, "shop_dbdata", "/var/lib/postgresql/data", false));
    assertThat(db.placement().constraints()).containsExactly("node.hostname==db-host");
    assertThat(db.healthcheck().test()).containsExactly("CMD-SHELL", "pg_isready");
    assertThat(db.healthcheck().interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(db.env()).containsEntry("POSTGRES_PASSWORD", "secret");

    ServiceSpec backend = service(stack, "shop_backend");
    assertThat(backend.args()).containsExactly("./serve", "--port", "8000", "--name=the shop");
    assertThat(backend.env()).containsEntry("LOG", "debug").containsEntry("QUOTED", "a b");
    assertThat(backend.replicas()).isEqualTo(3);
    assertThat(backend.resources().limits().memoryBytes()).isEqualTo(256L << 20);
    assertThat(backend.resources().limits().cpus()).isEqualTo(0.5);
    assertThat(backend.updateConfig().order()).isEqualTo(UpdateConfig.Order.START_FIRST);
    assertThat(backend.updateConfig().parallelism()).isEqualTo(2);
    assertThat(backend.networks()).containsExactly("shop_back");

    ServiceSpec frontend = service(stack, "shop_frontend");
    assertThat(frontend.mode()).isEqualTo(ServiceMode.REPLICATED);
    assertThat(frontend.ports()).containsExactly(new PortConfig(8080, 80, null, null),
        new PortConfig(8443, 443, null, PortConfig.PublishMode.HOST));
    assertThat(frontend.networks()).containsExactly("shop_front", "shop_back");
  }

  @Test
  void servicesWithoutNetworks_joinTheStacksDefaultNetwork() {
    StackSpec stack = parse("services:\n  web:\n    image: web:1\n");

    assertThat(stack.networks()).extracting(NetworkSpec::name).containsExactly("shop_default");
    assertThat(service(stack, "shop_web").networks()).containsExactly("shop_default");
  }

  @Test
  void unsupportedKeys_areWarningsWithTheirPath_andExtensionsAreIgnored() {
    StackSpec stack = parse("""
        version: "3.9"
        x-common: {a: 1}
        secrets: {}
        services:
          web:
            image: web:1
            build: .
            container_name: web
            x-note: hello
            deploy:
              rollback_config: {x-note: fine}
              resources: {reservations: {generic_resources: []}}
        """);

    assertThat(stack.warnings()).containsExactlyInAnyOrder("secrets: not supported, ignored",
        "services.web.build: not supported, ignored", "services.web.container_name: not supported, ignored",
        "services.web.deploy.resources.reservations.generic_resources: not supported, ignored");
  }

  @Test
  void errorsNameTheKeyPath() {
    assertError("services:\n  web:\n    image: web:1\n    deploy:\n      replicas: three\n",
        "services.web.deploy.replicas", "three");
    assertError("services:\n  web:\n    image: web:1\n    networks: [nowhere]\n", "services.web.networks[0]", "nowhere");
    assertError("services:\n  web:\n    image: web:1\n    volumes: [data:/data]\n", "services.web.volumes[0]", "data");
    assertError("services:\n  web:\n    build: .\n", "services.web.image", "required");
    assertError("services:\n  web:\n    image: web:1\n    ports: [\"80:eighty\"]\n", "services.web.ports[0]", "eighty");
    assertError("services:\n  web:\n    image: web:1\n    healthcheck:\n      test: ok\n      interval: soon\n",
        "services.web.healthcheck.interval", "soon");
    assertError("services:\n  web:\n    image: [web\n", "compose", "line");
    assertError("services:\n  web:\n    image: web:1\n    depends_on: [db]\n", "services.web.depends_on", "db");
    assertError("services:\n  web:\n    image: web:1\n    deploy:\n      replicas: -1\n",
        "services.web.replicas", "negative");
  }

  private static void assertError(String yaml, String field, String mentions) {
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(InvalidSpecException.class)
        .satisfies(e -> assertThat(((InvalidSpecException) e).field()).isEqualTo(field))
        .hasMessageContaining(mentions);
  }
}
