package io.flotilla.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv4CidrTest {
  @Test
  void parsesFormatsAndSlices() {
    Ipv4Cidr net = Ipv4Cidr.parse("10.0.16.0/20");
    assertThat(net).hasToString("10.0.16.0/20");
    assertThat(net.size()).isEqualTo(4096);
    assertThat(net.subnet(26, 1)).hasToString("10.0.16.64/26");
    assertThat(net.subnet(26, 63)).hasToString("10.0.31.192/26");
    assertThat(net.address(1)).isEqualTo("10.0.16.1");
    assertThat(Ipv4Cidr.parse("0.0.0.0/0").contains(net)).isTrue();
    assertThat(Ipv4Cidr.parse("255.255.255.0/24").address(255)).isEqualTo("255.255.255.255");
  }

  @Test
  void containsAndOverlaps() {
    Ipv4Cidr big = Ipv4Cidr.parse("10.0.0.0/16");
    Ipv4Cidr inside = Ipv4Cidr.parse("10.0.3.0/24");
    Ipv4Cidr outside = Ipv4Cidr.parse("10.1.0.0/24");
    assertThat(big.contains(inside)).isTrue();
    assertThat(inside.contains(big)).isFalse();
    assertThat(inside.overlaps(big)).isTrue();
    assertThat(outside.overlaps(big)).isFalse();
  }

  @Test
  void badInputIsExplained() {
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.0.0.5/24")).hasMessageContaining("did you mean 10.0.0.0/24");
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.0.0.0")).hasMessageContaining("CIDR");
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.0.0.256/24")).hasMessageContaining("not an IPv4 address");
    assertThatThrownBy(() -> Ipv4Cidr.parse("10.0.0.0/33")).hasMessageContaining("0..32");
  }

  @Test
  void aNetworkSubnetMustLeaveRoomForNodeRanges() {
    assertThatThrownBy(() -> new NetworkSpec("app", "10.0.0.0/26", null))
        .isInstanceOf(InvalidSpecException.class).hasMessageContaining("subnet").hasMessageContaining("/26");
    assertThat(new NetworkSpec("app", "10.9.0.0/16", null).subnet()).isEqualTo("10.9.0.0/16");
  }
}
