package io.flotilla.scheduler.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.flotilla.bus.Json;
import io.flotilla.model.Network;
import io.flotilla.model.Node;
import io.flotilla.model.Service;
import io.flotilla.model.Task;
import io.flotilla.scheduler.reconcile.ClusterState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Services, tasks, nodes and networks as the leader scheduler holds them. Reads are from memory; every
 * write changes memory at once and returns a future that completes when the change is on disk
 * (and in the Hazelcast mirror, when there is one). Used from one event loop only.
 */
public final class StateStore {
  private static final String SERVICE = "service";
  private static final String TASK = "task";
  private static final String NODE = "node";
  private static final String SETTING = "setting";
  private static final String NETWORK = "network";

  private final Vertx vertx;
  private final Journal journal;
  private final Optional<HazelcastInstance> hazelcast;
  private final Map<String, Service> services = new HashMap<>();
  private final Map<String, Task> tasks = new HashMap<>();
  private final Map<String, Node> nodes = new HashMap<>();
  private final Map<String, String> settings = new HashMap<>();
  private final Map<String, Network> networks = new HashMap<>();

  private StateStore(Vertx vertx, Journal journal, Optional<HazelcastInstance> hazelcast) {
    this.vertx = vertx;
    this.journal = journal;
    this.hazelcast = hazelcast;
  }

  /**
   * Opens the state for a new leader. The Hazelcast maps, kept by the previous leader, win
   * when they hold anything (a failover); otherwise the local journal is replayed (a restart of
   * the whole cluster) and copied into the maps. Blocking: call it off the event loop.
   */
  public static StateStore open(Vertx vertx, Path dataDir, Optional<HazelcastInstance> hazelcast) throws IOException {
    List<Journal.Entry> entries = new ArrayList<>();
    Journal journal = Journal.open(vertx, dataDir.resolve("state.journal"), 10_000, entries);
    StateStore store = new StateStore(vertx, journal, hazelcast);
    List<Journal.Entry> mirrored = hazelcast.map(StateStore::readMirror).orElse(List.of());
    if (mirrored.isEmpty()) {
      entries.forEach(store::replay);
      hazelcast.ifPresent(hz -> store.allEntries().forEach(e -> mirror(hz, e)));
    } else {
      mirrored.forEach(store::replay);
    }
    journal.compactFrom(store::allEntries);
    return store;
  }

  private static List<Journal.Entry> readMirror(HazelcastInstance hz) {
    List<Journal.Entry> entries = new ArrayList<>();
    for (String kind : List.of(SERVICE, NODE, TASK, SETTING, NETWORK)) {
      IMap<String, String> map = hz.getMap(mapName(kind));
      map.forEach((id, json) -> {
        try {
          entries.add(new Journal.Entry(kind, "put", id, Json.MAPPER.readTree(json)));
        } catch (IOException e) {
          throw new IllegalStateException("unreadable " + kind + " " + id + " in the cluster state", e);
        }
      });
    }
    return entries;
  }

  private static String mapName(String kind) {
    return "flotilla." + kind + "s";
  }

  private static CompletionStage<?> mirror(HazelcastInstance hz, Journal.Entry e) {
    IMap<String, String> map = hz.getMap(mapName(e.kind()));
    return e.op().equals("put") ? map.setAsync(e.id(), e.value().toString()) : map.removeAsync(e.id());
  }

  private void replay(Journal.Entry e) {
    boolean put = e.op().equals("put");
    switch (e.kind()) {
      case SERVICE -> replayInto(services, e, put, Service.class);
      case TASK -> replayInto(tasks, e, put, Task.class);
      case NODE -> replayInto(nodes, e, put, Node.class);
      case SETTING -> replayInto(settings, e, put, String.class);
      case NETWORK -> replayInto(networks, e, put, Network.class);
      default -> throw new IllegalStateException("unknown journal entry kind " + e.kind());
    }
  }

  private static <T> void replayInto(Map<String, T> map, Journal.Entry e, boolean put, Class<T> type) {
    if (put) {
      map.put(e.id(), Json.MAPPER.convertValue(e.value(), type));
    } else {
      map.remove(e.id());
    }
  }

  public ClusterState snapshot() {
    return new ClusterState(services, tasks, nodes);
  }

  public Map<String, Service> services() {
    return Map.copyOf(services);
  }

  public Map<String, Task> tasks() {
    return Map.copyOf(tasks);
  }

  public Map<String, Node> nodes() {
    return Map.copyOf(nodes);
  }

  public Map<String, Network> networks() {
    return Map.copyOf(networks);
  }

  public Future<Void> putNetworks(Collection<Network> changed) {
    List<Journal.Entry> entries = new ArrayList<>();
    for (Network network : changed) {
      networks.put(network.id(), network);
      entries.add(put(NETWORK, network.id(), network));
    }
    return write(entries);
  }

  public Future<Void> removeNetwork(String id) {
    networks.remove(id);
    return write(List.of(delete(NETWORK, id)));
  }

  public Optional<Task> task(String id) {
    return Optional.ofNullable(tasks.get(id));
  }

  public Future<Void> putService(Service service) {
    services.put(service.id(), service);
    return write(List.of(put(SERVICE, service.id(), service)));
  }

  public Future<Void> removeService(String id) {
    services.remove(id);
    return write(List.of(delete(SERVICE, id)));
  }

  /** Small cluster-wide values that are not secret, such as join-token generations. */
  public Optional<String> setting(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  public Future<Void> putSetting(String key, String value) {
    settings.put(key, value);
    return write(List.of(put(SETTING, key, value)));
  }

  public Future<Void> putNode(Node node) {
    nodes.put(node.id(), node);
    return write(List.of(put(NODE, node.id(), node)));
  }

  public Future<Void> removeNode(String id) {
    nodes.remove(id);
    return write(List.of(delete(NODE, id)));
  }

  /** Writes a batch of task changes as one journal append. */
  public Future<Void> writeTasks(Collection<Task> upserts, Collection<String> removals) {
    List<Journal.Entry> entries = new ArrayList<>();
    for (Task task : upserts) {
      tasks.put(task.id(), task);
      entries.add(put(TASK, task.id(), task));
    }
    for (String id : removals) {
      if (tasks.remove(id) != null) {
        entries.add(delete(TASK, id));
      }
    }
    return write(entries);
  }

  private Future<Void> write(List<Journal.Entry> entries) {
    Future<Void> durable = journal.append(entries);
    if (hazelcast.isEmpty()) {
      return durable;
    }
    List<Future<?>> writes = new ArrayList<>();
    writes.add(durable);
    for (Journal.Entry e : entries) {
      writes.add(Future.fromCompletionStage(mirror(hazelcast.get(), e), vertx.getOrCreateContext()));
    }
    return Future.all(writes).mapEmpty();
  }

  private List<Journal.Entry> allEntries() {
    List<Journal.Entry> all = new ArrayList<>();
    services.values().forEach(s -> all.add(put(SERVICE, s.id(), s)));
    nodes.values().forEach(n -> all.add(put(NODE, n.id(), n)));
    settings.forEach((k, v) -> all.add(put(SETTING, k, v)));
    networks.values().forEach(n -> all.add(put(NETWORK, n.id(), n)));
    tasks.values().forEach(t -> all.add(put(TASK, t.id(), t)));
    return all;
  }

  private static Journal.Entry put(String kind, String id, Object value) {
    JsonNode tree = Json.MAPPER.valueToTree(value);
    return new Journal.Entry(kind, "put", id, tree);
  }

  private static Journal.Entry delete(String kind, String id) {
    return new Journal.Entry(kind, "delete", id, null);
  }

  public Future<Void> close() {
    return journal.close();
  }
}
