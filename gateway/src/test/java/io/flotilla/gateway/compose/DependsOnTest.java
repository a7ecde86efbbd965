package io.flotilla.gateway.compose;

import static io.flotilla.gateway.compose.Compose.error;
import static io.flotilla.gateway.compose.Compose.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependsOnTest {

  @Test
  void listForm_andMapForm_giveScopedStartAfter() {
    StackSpec stack = parse("""
        services:
          db: {image: db:1}
          cache: {image: cache:1}
          api:
            image: api:1
            depends_on: [db, cache]
          web:
            image: web:1
            depends_on:
              api:
                condition: service_started
              db:
                condition: service_healthy
        """);

    assertThat(stack.startAfter()).containsExactly(
        Map.entry("shop_api", List.of("shop_db", "shop_cache")),
        Map.entry("shop_web", List.of("shop_api", "shop_db")));
    assertThat(stack.warnings()).isEmpty();
  }

  @Test
  void completedSuccessfully_isTreatedAsStarted_withAWarning() {
    StackSpec stack = parse("""
        services:
          migrate: {image: migrate:1}
          api:
            image: api:1
            depends_on:
              migrate: {condition: service_completed_successfully, restart: true}
        """);

    assertThat(stack.startAfter()).containsExactly(Map.entry("shop_api", List.of("shop_migrate")));
    assertThat(stack.warnings()).containsExactly(
        "services.api.depends_on.migrate.restart: not supported, ignored",
        "services.api.depends_on.migrate.condition: service_completed_successfully not supported,"
            + " treated as service_started");
  }

  @Test
  void unknownService_unknownCondition_selfAndCycles_areErrors() {
    assertThat(error("services:\n  api:\n    image: api:1\n    depends_on: {db: {condition: service_healthy}}\n"))
        .hasMessage("services.api.depends_on: no service named 'db' in this file");
    assertThat(error("services:\n  db: {image: db:1}\n  api:\n    image: api:1\n"
        + "    depends_on: {db: {condition: service_ready}}\n").field())
        .isEqualTo("services.api.depends_on.db.condition");
    assertThat(error("services:\n  api: {image: api:1, depends_on: [api]}\n").field())
        .isEqualTo("services.api.depends_on");
    assertThat(error("""
        services:
          a: {image: a:1, depends_on: [b]}
          b: {image: b:1, depends_on: [c]}
          c: {image: c:1, depends_on: [a]}
        """)).hasMessage("services.a.depends_on: services wait for each other in a circle: a -> b -> c -> a");
  }
}
