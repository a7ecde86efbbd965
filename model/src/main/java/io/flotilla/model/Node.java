package io.flotilla.model;

import java.time.Instant;
import java.util.Map;

/** A host running a Docker engine and a Flotilla agent, as the managers know it. */
public record Node(
    String id,
    String hostname,
    String address,
    NodeRole role,
    Availability availability,
    NodeState state,
    Map<String, String> labels,
    Resources.Amount resources,
    String engineVersion,
    Instant createdAt,
    Instant updatedAt,
    ManagerStatus managerStatus) {

  /**
   * How a manager node stands in the managers' Raft group, as the manager answering sees it:
   * only shown, never stored. {@code reachability} is "reachable" or "unreachable";
   * {@code address} is where its Raft port listens.
   */
  public record ManagerStatus(boolean leader, String reachability, String address) {}

  public Node(String id, String hostname, String address, NodeRole role, Availability availability, NodeState state,
      Map<String, String> labels, Resources.Amount resources, String engineVersion, Instant createdAt,
      Instant updatedAt) {
    this(id, hostname, address, role, availability, state, labels, resources, engineVersion, createdAt, updatedAt,
        null);
  }

  public Node {
    Check.required("id", id);
    availability = availability == null ? Availability.ACTIVE : availability;
    state = state == null ? NodeState.UNKNOWN : state;
    labels = Check.map("labels", "a string", labels);
    resources = resources == null ? Resources.Amount.ZERO : resources;
  }

  public static Node register(NodeDescription d, NodeState state, Instant now) {
    return new Node(d.id(), d.hostname(), d.address(), d.role(), Availability.ACTIVE, state,
        d.labels(), d.resources(), d.engineVersion(), now, now);
  }

  /**
   * Takes the host facts of a fresh description; keeps what the managers decide: role,
   * availability and labels (the agent's role and labels only seed a node's first registration;
   * promotion and demotion change the role).
   */
  public Node refresh(NodeDescription d, NodeState newState, Instant now) {
    return new Node(id, d.hostname(), d.address(), role, availability, newState,
        labels, d.resources(), d.engineVersion(), createdAt, now);
  }

  public Node withRole(NodeRole newRole, Instant now) {
    return new Node(id, hostname, address, newRole, availability, state, labels, resources, engineVersion, createdAt,
        now, managerStatus);
  }

  /** This node with the parts the managers own set. */
  public Node managed(Availability newAvailability, Map<String, String> newLabels, Instant now) {
    return new Node(id, hostname, address, role, newAvailability, state, newLabels, resources, engineVersion,
        createdAt, now);
  }

  public Node withManagerStatus(ManagerStatus status) {
    return new Node(id, hostname, address, role, availability, state, labels, resources, engineVersion, createdAt,
        updatedAt, status);
  }

  public boolean sameAs(Node other) {
    return other != null && hostname.equals(other.hostname) && java.util.Objects.equals(address, other.address)
        && role == other.role && availability == other.availability && state == other.state
        && labels.equals(other.labels) && resources.equals(other.resources)
        && java.util.Objects.equals(engineVersion, other.engineVersion);
  }

  public boolean isSchedulable() {
    return state == NodeState.READY && availability == Availability.ACTIVE;
  }
}
