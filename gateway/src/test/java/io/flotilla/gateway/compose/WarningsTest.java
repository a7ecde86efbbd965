package io.flotilla.gateway.compose;

import static io.flotilla.gateway.compose.Compose.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keys Flotilla does not support are warnings naming their key path: never errors, never dropped silently. */
class WarningsTest {

  @Test
  void unsupportedServiceKeys_areEachNamed_withAHintWhereThereIsABetterKey() {
    StackSpec stack = parse("""
        services:
          web:
            image: web:1
            build: ./web
            container_name: shop-web
            restart: always
            logging: {driver: syslog}
            secrets: [token]
            configs: [site]
            cap_add: [NET_ADMIN]
            privileged: true
            mem_limit: 1g
        """);

    assertThat(stack.warnings()).containsExactly(
        "services.web.build: not supported, ignored",
        "services.web.container_name: not supported, ignored",
        "services.web.restart: not supported, ignored; use deploy.restart_policy",
        "services.web.secrets: not supported, ignored",
        "services.web.configs: not supported, ignored",
        "services.web.privileged: not supported, ignored",
        "services.web.mem_limit: not supported, ignored; use deploy.resources");
    assertThat(Compose.service(stack, "web").image()).isEqualTo("web:1");
  }

  @Test
  void unknownTopLevelKeys_areWarnings_versionAndExtensionsAreSilent() {
    StackSpec stack = parse("""
        version: "3.8"
        name: myproject
        x-defaults: &defaults
          image: web:1
        services:
          web:
            <<: *defaults
            x-owner: team-a
        secrets:
          token: {file: ./token}
        configs: {}
        """);

    assertThat(stack.warnings()).containsExactly(
        "name: not supported, ignored",
        "secrets: not supported, ignored",
        "configs: not supported, ignored");
  }
}
