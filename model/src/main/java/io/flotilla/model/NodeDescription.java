package io.flotilla.model;

import java.util.Map;

/** What a node agent says about its host in every heartbeat. */
public record NodeDescription(
    String id,
    String hostname,
    String address,
    NodeRole role,
    Map<String, String> labels,
    Resources.Amount resources,
    String engineVersion) {

  public NodeDescription {
    Check.required("id", id);
    hostname = hostname == null ? id : hostname;
    role = role == null ? NodeRole.WORKER : role;
    labels = Check.map("labels", "a string", labels);
    resources = resources == null ? Resources.Amount.ZERO : resources;
  }
}
