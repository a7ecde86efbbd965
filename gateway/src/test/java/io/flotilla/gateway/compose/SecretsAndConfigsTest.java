package io.flotilla.gateway.compose;

import static io.flotilla.gateway.compose.Compose.parse;
import static io.flotilla.gateway.compose.Compose.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.FileReference;
import io.flotilla.model.InvalidSpecException;
import io.flotilla.model.ServiceSpec;
import org.junit.jupiter.api.Test;

/** Top-level secrets and configs, and a service's short and long references to them, as docker stack reads them. */
class SecretsAndConfigsTest {
  private static final String FILE = """
      services:
        web:
          image: web:1
          secrets:
            - db
            - source: db
              target: other
              uid: "1000"
              gid: "1000"
              mode: 0440
            - shared
          configs:
            - conf
            - source: conf
              target: /etc/x.conf
              mode: 0400
      secrets:
        db:
          file: ./pw.txt
        shared:
          external: true
          name: real_shared
      configs:
        conf:
          content: "listen 80;"
      """;

  @Test
  void references_nameTheStacksObjects_withDockersDefaultTargets_andAnOctalMode() {
    StackSpec stack = parse(FILE);
    ServiceSpec web = service(stack, "web");

    assertThat(web.secrets()).containsExactly(
        new FileReference("shop_db", "db", null, null, null),
        new FileReference("shop_db", "other", "1000", "1000", 0440),
        new FileReference("real_shared", "shared", null, null, null));
    assertThat(web.configs()).containsExactly(
        new FileReference("shop_conf", "/conf", null, null, null),
        new FileReference("shop_conf", "/etc/x.conf", null, null, 0400));
    assertThat(stack.warnings()).isEmpty();
  }

  @Test
  void aReferenceToNothingDeclared_isAnErrorAtItsPath() {
    InvalidSpecException e = Compose.error(Compose.web("secrets: [nope]"));

    assertThat(e.field()).isEqualTo("services.web.secrets[0]");
    assertThat(e.getMessage()).contains("names no secret of the top-level secrets: 'nope'");
  }

  @Test
  void aDeclarationWithNoContentNorExternal_isAnError() {
    InvalidSpecException e = Compose.error("""
        services:
          web: {image: web:1}
        secrets:
          db: {labels: {a: b}}
        """);

    assertThat(e.field()).isEqualTo("secrets.db");
    assertThat(e.getMessage()).contains("needs file, environment or external: true");
  }

  @Test
  void unknownKeysOfADeclaration_areWarnings() {
    StackSpec stack = parse("""
        services:
          web: {image: web:1}
        secrets:
          db: {file: ./pw, driver: vault}
        """);

    assertThat(stack.warnings()).containsExactly("secrets.db.driver: not supported, ignored");
  }
}
