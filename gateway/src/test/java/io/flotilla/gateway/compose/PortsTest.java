package io.flotilla.gateway.compose;

import static io.flotilla.gateway.compose.Compose.parse;
import static io.flotilla.gateway.compose.Compose.web;
import static io.flotilla.gateway.compose.Compose.webSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.PortConfig;
import io.flotilla.model.PortConfig.Protocol;
import io.flotilla.model.PortConfig.PublishMode;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void shortForms() {
    assertThat(webSpec("ports: [\"8080:80\", \"5353:53/udp\", \"9000\", 9001]").ports()).containsExactly(
        new PortConfig(8080, 80, Protocol.TCP, PublishMode.INGRESS),
        new PortConfig(5353, 53, Protocol.UDP, PublishMode.INGRESS),
        new PortConfig(null, 9000, null, null),
        new PortConfig(null, 9001, null, null));
  }

  @Test
  void ranges_pairUpPortByPort() {
    assertThat(webSpec("ports: [\"8000-8001:80-81\", \"7000-7001\"]").ports()).containsExactly(
        new PortConfig(8000, 80, null, null), new PortConfig(8001, 81, null, null),
        new PortConfig(null, 7000, null, null), new PortConfig(null, 7001, null, null));
  }

  @Test
  void longForm_withProtocolAndHostMode() {
    assertThat(webSpec("""
        ports:
          - target: 53
            published: "5353"
            protocol: udp
            mode: host
          - target: 80
        """).ports()).containsExactly(
        new PortConfig(5353, 53, Protocol.UDP, PublishMode.HOST),
        new PortConfig(null, 80, null, null));
  }

  @Test
  void hostIp_isIgnoredWithAWarning() {
    StackSpec stack = parse(web("ports: [\"127.0.0.1:8080:80\"]"));

    assertThat(Compose.service(stack, "web").ports()).containsExactly(new PortConfig(8080, 80, null, null));
    assertThat(stack.warnings()).singleElement().asString().startsWith("services.web.ports[0]: host IP '127.0.0.1'");
  }

  @Test
  void longFormKeysFlotillaLacks_areWarnings() {
    assertThat(parse(web("ports: [{target: 80, host_ip: 0.0.0.0, app_protocol: http}]")).warnings())
        .containsExactly("services.web.ports[0].host_ip: not supported, ignored",
            "services.web.ports[0].app_protocol: not supported, ignored");
  }
}
