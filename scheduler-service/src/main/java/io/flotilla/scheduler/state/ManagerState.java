package io.flotilla.scheduler.state;

import io.flotilla.model.ApiToken;
import io.flotilla.model.FileObject;
import io.flotilla.model.Network;
import io.flotilla.model.Node;
import io.flotilla.model.Service;
import io.flotilla.model.Task;
import io.flotilla.scheduler.reconcile.ClusterState;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Everything the managers replicate, as of the Raft entry {@code applied}: services, tasks,
 * nodes, overlay networks, small settings (join-token generations), when each removed node
 * was removed, the API tokens by name, and
 * secrets (sealed) and configs by id. Maps are sorted by key, so that every manager
 * iterates them in the same order and {@link StateMachine#apply} stays deterministic.
 */
public record ManagerState(
    long applied,
    Map<String, Service> services,
    Map<String, Task> tasks,
    Map<String, Node> nodes,
    Map<String, Network> networks,
    Map<String, String> settings,
    Map<String, Instant> removedNodes,
    Map<String, ApiToken> apiTokens,
    Map<String, FileObject> secrets,
    Map<String, FileObject> configs) {

  public static final ManagerState EMPTY = new ManagerState(0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
      Map.of(), Map.of(), Map.of(), Map.of());

  public ManagerState {
    services = sorted(services);
    tasks = sorted(tasks);
    nodes = sorted(nodes);
    networks = sorted(networks);
    settings = sorted(settings);
    removedNodes = sorted(removedNodes);
    apiTokens = sorted(apiTokens);
    secrets = sorted(secrets);
    configs = sorted(configs);
  }

  private static <T> Map<String, T> sorted(Map<String, T> map) {
    if (map == null) {
      return new UnmodifiableSorted<>(new TreeMap<>());
    }
    if (map instanceof UnmodifiableSorted<T> already) {
      return already;
    }
    return new UnmodifiableSorted<>(new TreeMap<>(map));
  }

  /** The part of the state that reconciliation reads. */
  public ClusterState cluster() {
    return new ClusterState(services, tasks, nodes);
  }

  public ManagerState at(long index) {
    return new ManagerState(index, services, tasks, nodes, networks, settings, removedNodes, apiTokens, secrets,
        configs);
  }

  public ManagerState withServices(Consumer<Map<String, Service>> change) {
    return new ManagerState(applied, changed(services, change), tasks, nodes, networks, settings,
        removedNodes, apiTokens, secrets, configs);
  }

  public ManagerState withTasks(Consumer<Map<String, Task>> change) {
    return new ManagerState(applied, services, changed(tasks, change), nodes, networks, settings,
        removedNodes, apiTokens, secrets, configs);
  }

  public ManagerState withNodes(Consumer<Map<String, Node>> change) {
    return new ManagerState(applied, services, tasks, changed(nodes, change), networks, settings,
        removedNodes, apiTokens, secrets, configs);
  }

  public ManagerState withNetworks(Consumer<Map<String, Network>> change) {
    return new ManagerState(applied, services, tasks, nodes, changed(networks, change), settings,
        removedNodes, apiTokens, secrets, configs);
  }

  public ManagerState withSettings(Consumer<Map<String, String>> change) {
    return new ManagerState(applied, services, tasks, nodes, networks, changed(settings, change),
        removedNodes, apiTokens, secrets, configs);
  }

  public ManagerState withRemovedNodes(Consumer<Map<String, Instant>> change) {
    return new ManagerState(applied, services, tasks, nodes, networks, settings, changed(removedNodes, change),
        apiTokens, secrets, configs);
  }

  public ManagerState withApiTokens(Consumer<Map<String, ApiToken>> change) {
    return new ManagerState(applied, services, tasks, nodes, networks, settings, removedNodes,
        changed(apiTokens, change), secrets, configs);
  }

  public ManagerState withSecrets(Consumer<Map<String, FileObject>> change) {
    return new ManagerState(applied, services, tasks, nodes, networks, settings, removedNodes, apiTokens,
        changed(secrets, change), configs);
  }

  public ManagerState withConfigs(Consumer<Map<String, FileObject>> change) {
    return new ManagerState(applied, services, tasks, nodes, networks, settings, removedNodes, apiTokens, secrets,
        changed(configs, change));
  }

  /** The secrets or the configs, by id. */
  public Map<String, FileObject> files(io.flotilla.model.FileKind kind) {
    return kind == io.flotilla.model.FileKind.SECRET ? secrets : configs;
  }

  public ManagerState withFiles(io.flotilla.model.FileKind kind, Consumer<Map<String, FileObject>> change) {
    return kind == io.flotilla.model.FileKind.SECRET ? withSecrets(change) : withConfigs(change);
  }

  public ManagerState withNetworks(Collection<Network> changed) {
    return changed.isEmpty() ? this : withNetworks(map -> changed.forEach(n -> map.put(n.id(), n)));
  }

  private static <T> Map<String, T> changed(Map<String, T> map, Consumer<Map<String, T>> change) {
    TreeMap<String, T> copy = new TreeMap<>(map);
    change.accept(copy);
    return new UnmodifiableSorted<>(copy);
  }

  /** A map sorted by key that nobody can change, recognised so that it is never copied again. */
  private static final class UnmodifiableSorted<T> extends java.util.AbstractMap<String, T> {
    private final Map<String, T> map;

    UnmodifiableSorted(TreeMap<String, T> map) {
      this.map = Collections.unmodifiableSortedMap(map);
    }

    @Override
    public java.util.Set<Entry<String, T>> entrySet() {
      return map.entrySet();
    }

    @Override
    public T get(Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }
  }
}
