package io.flotilla.overlay;

import java.util.Map;

/**
 * The Docker side of overlay networks on one node: a bridge network per overlay network whose
 * addresses come from the node's range. Implemented by the node agent, which owns the engine's
 * client. Blocking: called from a worker thread.
 */
public interface DockerNetworks {
  /** Creates the network unless one of that name with the same addressing exists (then it is kept). */
  void ensureNetwork(Definition network);

  void removeNetwork(String name);

  /** Name to overlay network id of every network Flotilla made on this engine. */
  Map<String, String> managedNetworks();

  /** A Docker bridge network named {@code name} on the bridge device {@code bridge}. */
  record Definition(String name, String networkId, String subnet, String range, String gateway, String bridge,
      int mtu) {}

  /** How Flotilla names the Docker network of an overlay network. */
  static String dockerName(String networkName) {
    return "flotilla-" + networkName;
  }

  /** The overlay network's name from a Docker network's name; null when Flotilla did not name it. */
  static String overlayName(String dockerName) {
    return dockerName.startsWith("flotilla-") ? dockerName.substring("flotilla-".length()) : null;
  }
}
