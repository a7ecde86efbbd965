package io.flotilla.model;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * An overlay network as the manager stores it: its VXLAN id, its subnet and the address range
 * of the subnet each node that needs it was given ({@code nodeRanges}, node id to CIDR). The
 * routing mesh's network is {@code ingress}, created by the manager when a port is first
 * published through it.
 */
public record Network(String id, NetworkSpec spec, int vni, String subnet, Map<String, String> nodeRanges,
    boolean ingress, Instant createdAt) {

  public Network {
    Check.required("id", id);
    if (spec == null) {
      throw new InvalidSpecException("spec", "is required");
    }
    Check.required("subnet", subnet);
    nodeRanges = Check.map("nodeRanges", "a subnet", nodeRanges);
  }

  public String name() {
    return spec.name();
  }

  public Network withNodeRange(String nodeId, String range) {
    Map<String, String> ranges = new HashMap<>(nodeRanges);
    ranges.put(nodeId, range);
    return new Network(id, spec, vni, subnet, ranges, ingress, createdAt);
  }

  public Network withoutNode(String nodeId) {
    Map<String, String> ranges = new HashMap<>(nodeRanges);
    ranges.remove(nodeId);
    return new Network(id, spec, vni, subnet, ranges, ingress, createdAt);
  }
}
