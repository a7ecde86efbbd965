package io.flotilla.model;

import java.util.Map;

/**
 * What the user asks for when creating an overlay network: a name and, optionally, its subnet
 * (otherwise the manager picks one from its pool). Each node that needs the network gets a
 * range of the subnet, so the subnet must be a /24 or larger.
 */
public record NetworkSpec(String name, String subnet, Map<String, String> labels) {
  public static final String INGRESS = "ingress";
  public static final int SMALLEST_PREFIX = 24;

  public NetworkSpec {
    Check.name("name", name);
    if (subnet != null) {
      Ipv4Cidr cidr;
      try {
        cidr = Ipv4Cidr.parse(subnet);
      } catch (IllegalArgumentException e) {
        throw new InvalidSpecException("subnet", e.getMessage());
      }
      Check.that(cidr.prefix() >= 8 && cidr.prefix() <= SMALLEST_PREFIX, "subnet",
          "must be between /8 and /" + SMALLEST_PREFIX + " so every node gets an address range, not /" + cidr.prefix());
      subnet = cidr.toString();
    }
    labels = Check.map("labels", "a string", labels);
  }
}
