package io.flotilla.gateway.compose;

import static io.flotilla.gateway.compose.Compose.error;
import static io.flotilla.gateway.compose.Compose.parse;
import static io.flotilla.gateway.compose.Compose.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.NetworkSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A service's networks and the top-level networks key. */
class NetworksTest {

  @Test
  void mapForm_withNullAndSettings_keepsTheOrder_andWarnsAboutTheSettings() {
    StackSpec stack = parse(Compose.web("""
        networks:
          back:
          front:
            aliases: [www]
        """) + "networks:\n  front:\n  back:\n");

    assertThat(service(stack, "web").networks()).containsExactly("shop_back", "shop_front");
    assertThat(stack.networks()).extracting(NetworkSpec::name).containsExactly("shop_front", "shop_back");
    assertThat(stack.warnings()).containsExactly("services.web.networks.front.aliases: not supported, ignored");
  }

  @Test
  void serviceWithoutNetworks_joinsTheImplicitDefaultNetwork_onlyCreatedWhenUsed() {
    StackSpec stack = parse("""
        services:
          web: {image: web:1}
          api: {image: api:1, networks: [back]}
        networks:
          back:
        """);

    assertThat(service(stack, "web").networks()).containsExactly("shop_default");
    assertThat(stack.networks()).extracting(NetworkSpec::name).containsExactly("shop_back", "shop_default");
    assertThat(parse("services:\n  api: {image: api:1, networks: [back]}\nnetworks:\n  back:\n").networks())
        .extracting(NetworkSpec::name).containsExactly("shop_back");
  }

  @Test
  void defaultNetwork_canBeConfigured_andNamedExplicitly() {
    StackSpec stack = parse(Compose.web("networks: [default]") + """
        networks:
          default:
            ipam:
              config:
                - subnet: 10.30.0.0/24
        """);

    assertThat(stack.networks()).containsExactly(new NetworkSpec("shop_default", "10.30.0.0/24", null));
  }

  @Test
  void topLevelNetwork_subnetAndLabels_overlayDriverAccepted() {
    StackSpec stack = parse(Compose.web("networks: [back]") + """
        networks:
          back:
            driver: overlay
            labels: [purpose=db]
            ipam:
              config: [{subnet: 10.40.0.0/16}]
        """);

    assertThat(stack.networks()).containsExactly(new NetworkSpec("shop_back", "10.40.0.0/16", Map.of("purpose", "db")));
    assertThat(stack.warnings()).isEmpty();
  }

  @Test
  void otherDrivers_extraSubnets_andUnusedNetworks_areWarnings() {
    StackSpec stack = parse(Compose.web("networks: [back]") + """
        networks:
          back:
            driver: bridge
            attachable: true
            ipam:
              driver: default
              config:
                - subnet: 10.40.0.0/16
                  gateway: 10.40.0.1
                - subnet: 10.41.0.0/16
          spare:
        """);

    assertThat(stack.warnings()).containsExactly(
        "networks.back.attachable: not supported, ignored",
        "networks.back.driver: 'bridge' not supported, ignored; stack networks are overlay networks",
        "networks.back.ipam.driver: not supported, ignored",
        "networks.back.ipam.config[1]: only one subnet per network is supported, ignored",
        "networks.back.ipam.config[0].gateway: not supported, ignored",
        "networks.spare: no service joins this network; not created");
  }

  @Test
  void externalNetwork_isJoinedByItsName_andNotCreated() {
    StackSpec stack = parse(Compose.web("networks: [proxy, back]") + """
        networks:
          back:
          proxy:
            external: true
            name: traefik-public
        """);

    assertThat(service(stack, "web").networks()).containsExactly("traefik-public", "shop_back");
    assertThat(stack.networks()).extracting(NetworkSpec::name).containsExactly("shop_back");
    assertThat(stack.externalNetworks()).containsExactly("traefik-public");
    assertThat(stack.warnings()).isEmpty();
  }

  @Test
  void externalNetwork_withoutName_isItsKey_andTheOlderNameFormWorks() {
    StackSpec stack = parse(Compose.web("networks: [outside, legacy]") + """
        networks:
          outside:
            external: true
          legacy:
            external:
              name: old-style
        """);

    assertThat(service(stack, "web").networks()).containsExactly("outside", "old-style");
    assertThat(stack.externalNetworks()).containsExactly("outside", "old-style");
    assertThat(stack.networks()).isEmpty();
  }

  @Test
  void externalNetwork_settings_areWarnings_andAnUnjoinedOneIsNotRequired() {
    StackSpec stack = parse(Compose.web("networks: [proxy]") + """
        networks:
          proxy:
            external: true
            driver: overlay
          unused:
            external: true
        """);

    assertThat(stack.externalNetworks()).containsExactly("proxy");
    assertThat(stack.warnings()).containsExactly(
        "networks.proxy.driver: ignored: an external network keeps the settings it was made with");
  }

  @Test
  void aNamedNetwork_ofTheStack_takesThatName() {
    StackSpec stack = parse(Compose.web("networks: [back]") + "networks:\n  back:\n    name: shared-back\n");

    assertThat(stack.networks()).extracting(NetworkSpec::name).containsExactly("shared-back");
    assertThat(stack.externalNetworks()).isEmpty();
  }

  @Test
  void unknownNetwork_isAnError_inBothForms() {
    String declared = "networks:\n  back:\n";
    assertThat(error(Compose.web("networks: [back, front]") + declared))
        .hasMessage("services.web.networks[1]: network 'front' is not declared in the top-level networks key");
    assertThat(error(Compose.web("networks:\n  front: {}") + declared).field())
        .isEqualTo("services.web.networks.front");
  }

  @Test
  void invalidSubnet_isReportedAtItsKey() {
    assertThat(error(Compose.web("networks: [back]")
        + "networks:\n  back:\n    ipam:\n      config: [{subnet: 10.0.0.0/28}]\n").field())
        .isEqualTo("networks.back.ipam.config[0].subnet");
  }
}
