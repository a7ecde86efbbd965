package io.flotilla.cli.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InterpolationTest {
  private final Warnings warnings = new Warnings();
  private final Interpolation interpolation = new Interpolation(
      name -> Optional.ofNullable(Map.of("TAG", "1.2", "EMPTY", "", "B", "bee").get(name)), warnings);

  private String of(String value) {
    return interpolation.text(value, "services.web.image");
  }

  @Test
  void bareAndBracedVariables() {
    assertThat(of("nginx:$TAG")).isEqualTo("nginx:1.2");
    assertThat(of("nginx:${TAG}-alpine")).isEqualTo("nginx:1.2-alpine");
    assertThat(of("$TAG.$B")).isEqualTo("1.2.bee");
    assertThat(warnings.list()).isEmpty();
  }

  @Test
  void defaults_colonDashForUnsetOrEmpty_dashForUnsetOnly() {
    assertThat(of("${UNSET:-x}")).isEqualTo("x");
    assertThat(of("${EMPTY:-x}")).isEqualTo("x");
    assertThat(of("${UNSET-x}")).isEqualTo("x");
    assertThat(of("${EMPTY-x}")).isEqualTo("");
    assertThat(of("${TAG:-x}")).isEqualTo("1.2");
    assertThat(of("${UNSET:-}")).isEqualTo("");
    assertThat(warnings.list()).isEmpty();
  }

  @Test
  void alternatives_colonPlusForSetAndNonEmpty_plusForSet() {
    assertThat(of("${TAG:+on}")).isEqualTo("on");
    assertThat(of("${EMPTY:+on}")).isEqualTo("");
    assertThat(of("${EMPTY+on}")).isEqualTo("on");
    assertThat(of("${UNSET+on}")).isEqualTo("");
  }

  @Test
  void nestedDefaultsAreInterpolatedOnlyWhenUsed() {
    assertThat(of("${A:-${B:-c}}")).isEqualTo("bee");
    assertThat(of("${A:-${C:-c}}")).isEqualTo("c");
    assertThat(of("${TAG:-${NEVER_LOOKED_AT}}")).isEqualTo("1.2");
    assertThat(of("${A:-${C:-${TAG}}}/x")).isEqualTo("1.2/x");
    assertThat(warnings.list()).isEmpty();
  }

  @Test
  void doubleDollarIsALiteralDollar() {
    assertThat(of("$$HOME and $${USER} cost $$5")).isEqualTo("$HOME and ${USER} cost $5");
  }

  @Test
  void anUnsetVariableIsAnEmptyStringAndOneWarningNamingIt() {
    assertThat(of("nginx:${NOPE}")).isEqualTo("nginx:");
    assertThat(of("$NOPE")).isEqualTo("");
    assertThat(warnings.list()).containsExactly("services.web.image: variable NOPE is not set; using an empty string");
  }

  @Test
  void requiredVariables_nameTheVariableAndTheKey() {
    assertThatThrownBy(() -> interpolation.text("${DB_PASS:?msg}", "services.db.environment.PASSWORD"))
        .hasMessage("services.db.environment.PASSWORD: required variable DB_PASS is missing: msg");
    assertThatThrownBy(() -> of("${EMPTY:?must be set}"))
        .hasMessage("services.web.image: required variable EMPTY is missing: must be set");
    assertThatThrownBy(() -> of("${UNSET?}")).hasMessage("services.web.image: required variable UNSET is missing");
    assertThat(of("${EMPTY?never}")).isEqualTo("");
    assertThat(of("${TAG:?never}")).isEqualTo("1.2");
  }

  @Test
  void malformedReferencesAreErrors() {
    assertThatThrownBy(() -> of("${TAG")).hasMessageContaining("services.web.image: invalid interpolation format");
    assertThatThrownBy(() -> of("${}")).hasMessageContaining("invalid interpolation format");
    assertThatThrownBy(() -> of("${TAG!x}")).hasMessageContaining("invalid interpolation format");
    assertThatThrownBy(() -> of("price $5")).hasMessageContaining("invalid interpolation format");
  }

  @Test
  void aTreeIsInterpolatedInValuesNotKeys_andWarningsNameTheKeyPath() {
    JsonNode tree = YamlTree.read("compose.yml", """
        services:
          web:
            image: app:$TAG
            environment:
              $TAG: keep
              LIST: ${MISSING}
            command: [echo, "${B}"]
            deploy:
              replicas: ${N:-3}
        """);
    JsonNode done = interpolation.tree(tree, "");
    assertThat(done.at("/services/web/image").asText()).isEqualTo("app:1.2");
    assertThat(done.at("/services/web/environment").has("$TAG")).isTrue();
    assertThat(done.at("/services/web/command/1").asText()).isEqualTo("bee");
    assertThat(done.at("/services/web/deploy/replicas").isNumber()).as("a plain scalar stays plain").isTrue();
    assertThat(warnings.list()).containsExactly(
        "services.web.environment.LIST: variable MISSING is not set; using an empty string");
  }
}
