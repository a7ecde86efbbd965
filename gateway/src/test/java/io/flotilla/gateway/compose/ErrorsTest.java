package io.flotilla.gateway.compose;

import static io.flotilla.gateway.compose.Compose.error;
import static io.flotilla.gateway.compose.Compose.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.model.InvalidSpecException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An invalid file is rejected with the key path at fault, and a message saying what is wrong. */
class ErrorsTest {

  @Test
  void yamlSyntaxError_givesLineAndColumn() {
    InvalidSpecException e = error("services:\n  web:\n    image: web:1\n   ports: [80\n");

    assertThat(e.field()).isEqualTo("compose");
    assertThat(e).hasMessageStartingWith("compose: line 4, column 4: ");
  }

  @Test
  void emptyOrShapelessFile() {
    assertThat(error("")).hasMessageStartingWith("compose: is empty");
    assertThat(error("- web\n")).hasMessage("compose: must be a mapping with a services key, not a list");
    assertThat(error("version: '3'\n").field()).isEqualTo("services");
    assertThat(error("services: [web]\n")).hasMessage("services: must be a mapping, not a list");
  }

  @Test
  void stackName_mustBeValid() {
    assertThatThrownBy(() -> ComposeFile.parse("my stack", web(""), p -> Optional.empty()))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("'my stack'")
        .extracting(e -> ((InvalidSpecException) e).field()).isEqualTo("name");
  }

  @Test
  void missingImage_isAnError_evenWithBuild() {
    assertThat(error("services:\n  web:\n    build: .\n"))
        .hasMessageStartingWith("services.web.image: is required");
    assertThat(error("services:\n  web:\n").field()).isEqualTo("services.web.image");
  }

  @Test
  void badPorts() {
    assertThat(error(web("ports: [\"80:http\"]")))
        .hasMessage("services.web.ports[0]: expected [[host_ip:]published:]target[/protocol], e.g. 8080:80 or"
            + " 8080:80/udp, got '80:http'");
    assertThat(error(web("ports: [\"8080:80/sctp\"]")).field()).isEqualTo("services.web.ports[0]");
    assertThat(error(web("ports: [\"70000:80\"]")))
        .hasMessage("services.web.ports[0].published: must be between 1 and 65535, not 70000");
    assertThat(error(web("ports: [{published: 80}]"))).hasMessage("services.web.ports[0].target: is required");
    assertThat(error(web("ports: [\"8000-8002:80-81\"]")).field()).isEqualTo("services.web.ports[0]");
    assertThat(error(web("ports: [\"80:80\", \"80:81\"]")))
        .hasMessage("services.web.ports: the same published port appears twice");
  }

  @Test
  void twoServicesPublishingOnePort() {
    assertThat(error("services:\n  a: {image: a:1, ports: ['80:80']}\n  b: {image: b:1, ports: ['80:8080']}\n"))
        .hasMessage("services.b.ports: port 80/tcp is already published by service a");
  }

  @Test
  void wrongTypes() {
    assertThat(error(web("environment: 5")))
        .hasMessage("services.web.environment: must be a list of KEY=VALUE or a mapping, not '5'");
    assertThat(error(web("environment: {A: [1]}")))
        .hasMessage("services.web.environment.A: must be a single value, not a list");
    assertThat(error(web("command: {run: x}")))
        .hasMessage("services.web.command: must be a single value, not a mapping");
    assertThat(error(web("command: \"echo 'unclosed\"")).field()).isEqualTo("services.web.command");
    assertThat(error("services:\n  web:\n    image: [a, b]\n"))
        .hasMessage("services.web.image: must be a single value, not a list");
  }

  @Test
  void envFiles() {
    assertThat(error(web("env_file: missing.env")))
        .hasMessage("services.web.env_file: cannot read env file 'missing.env'");
    assertThat(error(web("env_file: [ok.env, bad.env]"), Map.of("ok.env", "A=1", "bad.env", "# x\nNOT VALID=1\n")))
        .hasMessage("services.web.env_file[1]: line 2 of bad.env: expected KEY=VALUE, got 'NOT VALID=1'");
  }

  @Test
  void modelRejections_areReportedUnderTheKeyPath() {
    assertThat(error("services:\n  " + "x".repeat(60) + ":\n    image: web:1\n").field())
        .isEqualTo("services." + "x".repeat(60) + ".name");
    assertThat(error(web("networks: [back, back]") + "networks:\n  back:\n"))
        .hasMessage("services.web.networks: the same network appears twice");
  }
}
