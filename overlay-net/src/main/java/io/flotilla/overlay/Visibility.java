package io.flotilla.overlay;

import io.flotilla.bus.Messages;
import io.flotilla.overlay.dns.NameTable;
import io.flotilla.overlay.dns.ServiceNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which service names a container may resolve: those of every network it is on. A container
 * asks the DNS server of its first network; the query's source address tells which task asks,
 * and the task's endpoints tell its other networks. A client that is not a known task (one still
 * starting, say) sees the names of the network it asked on.
 */
record Visibility(Map<String, Messages.NodeNetwork> byId) {
  static final Visibility NONE = new Visibility(Map.of());

  static Visibility of(List<Messages.NodeNetwork> networks) {
    Map<String, Messages.NodeNetwork> byId = new TreeMap<>();
    networks.forEach(n -> byId.put(n.id(), n));
    return new Visibility(byId);
  }

  NameTable from(String networkId, String client) {
    Messages.NodeNetwork asked = byId.get(networkId);
    if (asked == null) {
      return name -> Optional.empty();
    }
    Optional<String> task = asked.endpoints().stream().filter(e -> e.address().equals(client))
        .map(Messages.Endpoint::task).findFirst();
    Set<String> networks = new HashSet<>(Set.of(networkId));
    task.ifPresent(t -> byId.values().stream()
        .filter(n -> n.endpoints().stream().anyMatch(e -> e.task().equals(t)))
        .forEach(n -> networks.add(n.id())));
    Map<String, List<String>> byService = new TreeMap<>();
    for (String id : networks) {
      byId.get(id).endpoints().forEach(e -> byService.computeIfAbsent(e.service(), k -> new ArrayList<>()).add(e.address()));
    }
    return ServiceNames.of(byService);
  }
}
