package io.flotilla.scheduler.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.model.Ipv4Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IpamTest {
  private static final Ipv4Cidr POOL = Ipv4Cidr.parse("10.192.0.0/10");

  @Test
  void subnetsComeFromThePoolInOrderAndSkipTakenOnes() {
    assertThat(Ipam.pickSubnet(POOL, 20, List.of())).hasToString("10.192.0.0/20");
    assertThat(Ipam.pickSubnet(POOL, 20, List.of(Ipv4Cidr.parse("10.192.0.0/20")))).hasToString("10.192.16.0/20");
    // a user-chosen /24 inside the first /20 makes that /20 unusable
    assertThat(Ipam.pickSubnet(POOL, 20, List.of(Ipv4Cidr.parse("10.192.3.0/24")))).hasToString("10.192.16.0/20");
  }

  @Test
  void anExhaustedPoolSaysSo() {
    Ipv4Cidr small = Ipv4Cidr.parse("10.0.0.0/23");
    assertThatThrownBy(() -> Ipam.pickSubnet(small, 24, List.of(Ipv4Cidr.parse("10.0.0.0/24"),
        Ipv4Cidr.parse("10.0.1.0/24")))).hasMessageContaining("10.0.0.0/23 has no free /24");
  }

  @Test
  void vniIsTheLowestFreeFromTheFirst() {
    assertThat(Ipam.pickVni(Set.of())).isEqualTo(4096);
    assertThat(Ipam.pickVni(Set.of(4096, 4098))).isEqualTo(4097);
  }

  @Test
  void nodeRangesAreDisjointAndSizedToTheSubnet() {
    assertThat(Ipam.nodeRangePrefix(Ipv4Cidr.parse("10.0.0.0/16"))).isEqualTo(22);
    assertThat(Ipam.nodeRangePrefix(Ipv4Cidr.parse("10.0.0.0/20"))).isEqualTo(26);
    assertThat(Ipam.nodeRangePrefix(Ipv4Cidr.parse("10.0.0.0/24"))).isEqualTo(28);

    Ipv4Cidr subnet = Ipv4Cidr.parse("10.0.0.0/24");
    List<Ipv4Cidr> taken = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Ipv4Cidr range = Ipam.pickNodeRange(subnet, taken);
      assertThat(subnet.contains(range)).isTrue();
      assertThat(taken).noneMatch(range::overlaps);
      taken.add(range);
    }
    assertThatThrownBy(() -> Ipam.pickNodeRange(subnet, taken)).hasMessageContaining("no address range left");
  }

  @Test
  void theGatewayIsTheSecondAddressOfTheRange() {
    assertThat(Ipam.gateway(Ipv4Cidr.parse("10.0.0.64/26"))).isEqualTo("10.0.0.65");
  }
}
