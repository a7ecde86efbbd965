package io.flotilla.scheduler.network;

import io.flotilla.model.Ipv4Cidr;
import java.util.Collection;
import java.util.Set;

/**
 * Address management for overlay networks, as pure functions: a subnet for each network from
 * the manager's pool, a VXLAN id for each network, and for each node that needs a network a
 * range of its subnet, from which that node's Docker hands out container addresses. Ranges
 * never overlap, so two nodes never give out the same address and no coordination is needed
 * when a container starts.
 */
public final class Ipam {
  public static final Ipv4Cidr DEFAULT_POOL = Ipv4Cidr.parse("10.192.0.0/10");
  public static final int DEFAULT_NETWORK_PREFIX = 20;
  /** VXLAN ids below this are left to whatever else runs on the hosts. */
  public static final int FIRST_VNI = 4096;
  public static final int LAST_VNI = (1 << 24) - 1;

  private Ipam() {}

  /** The first {@code /prefix} of the pool that overlaps no taken subnet. */
  public static Ipv4Cidr pickSubnet(Ipv4Cidr pool, int prefix, Collection<Ipv4Cidr> taken) {
    long candidates = 1L << (prefix - pool.prefix());
    for (long i = 0; i < candidates; i++) {
      Ipv4Cidr candidate = pool.subnet(prefix, i);
      if (taken.stream().noneMatch(candidate::overlaps)) {
        return candidate;
      }
    }
    throw new IllegalStateException("the address pool " + pool + " has no free /" + prefix + " left");
  }

  public static int pickVni(Set<Integer> taken) {
    for (int vni = FIRST_VNI; vni <= LAST_VNI; vni++) {
      if (!taken.contains(vni)) {
        return vni;
      }
    }
    throw new IllegalStateException("every VXLAN id is taken");
  }

  /**
   * How big a node's range is: 64 ranges in a large subnet (at most /26, 62 addresses, per
   * node), and at least 16 ranges in a small one (a /24 gives each of 16 nodes a /28).
   */
  public static int nodeRangePrefix(Ipv4Cidr subnet) {
    return Math.max(Math.min(subnet.prefix() + 6, 26), subnet.prefix() + 4);
  }

  public static Ipv4Cidr pickNodeRange(Ipv4Cidr subnet, Collection<Ipv4Cidr> taken) {
    int prefix = nodeRangePrefix(subnet);
    long ranges = 1L << (prefix - subnet.prefix());
    for (long i = 0; i < ranges; i++) {
      Ipv4Cidr candidate = subnet.subnet(prefix, i);
      if (!taken.contains(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("the subnet " + subnet + " has no address range left for another node ("
        + ranges + " nodes use it)");
  }

  /** The node's own address in its range, on its bridge: containers use it as their gateway and DNS server. */
  public static String gateway(Ipv4Cidr range) {
    return range.address(1);
  }
}
