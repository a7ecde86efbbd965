package io.flotilla.agent.engine;

import io.flotilla.agent.step.ContainerObservation;
import io.flotilla.agent.step.ContainerObservation.Health;
import io.flotilla.agent.step.ContainerObservation.Status;
import io.flotilla.bus.Messages.Assignment;
import io.flotilla.overlay.DockerNetworks;
import java.io.Closeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An engine in memory, for verticle tests: containers with Docker's states, named after their
 * task so that a second creation adopts the first, images that are present or can be pulled,
 * and the event stream of what the agent did not cause itself (deaths and removals; starts are
 * not events). Tests change things behind the agent's back with {@link #kill} and
 * {@link #endEventStreams}, and read what the agent asked for in {@link #calls}.
 */
public final class FakeEngine implements Engine {
  public static final EngineInfo INFO = new EngineInfo("fake-1", 2, 1L << 30);

  private final Map<String, Box> containers = new LinkedHashMap<>();
  private final Set<String> images = new HashSet<>();
  private final Set<String> pullable = new HashSet<>();
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private final Map<String, Integer> stopTimeouts = new LinkedHashMap<>();
  private final Map<String, DockerNetworks.Definition> networks = new TreeMap<>();
  private int created;

  /** @param images the images the engine has */
  public FakeEngine(String... images) {
    this.images.addAll(List.of(images));
  }

  /** Images a pull finds (in a registry, say); any other pull fails as Docker's does. */
  public synchronized FakeEngine pullable(String... images) {
    pullable.addAll(List.of(images));
    return this;
  }

  /** The container dies as from {@code docker kill}: exit 137. */
  public synchronized void kill(String containerId) {
    Box box = containers.get(containerId);
    if (box != null && box.status.isLive()) {
      box.exit(137);
      emit(box);
    }
  }

  /** Every event stream ends by itself, as when the engine restarts. */
  public void endEventStreams() {
    List<Subscriber> ended;
    synchronized (this) {
      ended = List.copyOf(subscribers);
      subscribers.clear();
    }
    ended.forEach(s -> s.onEnd.run());
  }

  public synchronized int eventStreams() {
    return subscribers.size();
  }

  /** The seconds the last stop of {@code containerId} gave it before a kill; null if it was never stopped. */
  public synchronized Integer stopTimeout(String containerId) {
    return stopTimeouts.get(containerId);
  }

  /** What was asked of the engine, in order: {@code "list NODE"}, {@code "createAndStart TASK"}... */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized long count(String call) {
    return calls.stream().filter(call::equals).count();
  }

  /** Containers ever created (not adopted). */
  public synchronized int created() {
    return created;
  }

  public synchronized List<ContainerObservation> all() {
    return containers.values().stream().map(Box::observation).toList();
  }

  @Override
  public String host() {
    return "fake://in-process";
  }

  @Override
  public EngineInfo info() {
    return INFO;
  }

  @Override
  public TaskContainers containers() {
    return taskContainers;
  }

  @Override
  public Images images() {
    return fakeImages;
  }

  @Override
  public ContainerEvents events() {
    return (nodeId, onContainer, onEnd) -> {
      Subscriber subscriber = new Subscriber(nodeId, onContainer, onEnd);
      synchronized (this) {
        subscribers.add(subscriber);
      }
      return subscriber;
    };
  }

  @Override
  public DockerNetworks networks() {
    return fakeNetworks;
  }

  /** Logs are the log endpoint's business, specified in LogServerTest with a fake of their own. */
  @Override
  public ContainerLogs logs() {
    throw new UnsupportedOperationException("the fake engine keeps no logs");
  }

  @Override
  public void close() {}

  private synchronized void called(String call) {
    calls.add(call);
  }

  /** Callbacks run with the engine locked; the agent's only hand them to its event loop. */
  private void emit(Box box) {
    subscribers.stream().filter(s -> s.nodeId.equals(box.nodeId)).forEach(s -> s.onContainer.accept(box.id));
  }

  private Optional<Box> find(String idOrName) {
    return containers.values().stream().filter(b -> b.id.equals(idOrName) || b.name.equals(idOrName)).findFirst();
  }

  private final TaskContainers taskContainers = new TaskContainers() {
    @Override
    public List<ContainerObservation> list(String nodeId) {
      synchronized (FakeEngine.this) {
        called("list " + nodeId);
        return containers.values().stream().filter(b -> b.nodeId.equals(nodeId)).map(Box::observation).toList();
      }
    }

    @Override
    public Optional<ContainerObservation> inspect(String container) {
      synchronized (FakeEngine.this) {
        called("inspect " + container);
        return find(container).map(Box::observation);
      }
    }

    @Override
    public ContainerObservation createAndStart(Assignment assignment, String dnsServer) {
      synchronized (FakeEngine.this) {
        called("createAndStart " + assignment.task().id());
        String name = assignment.spec().name() + "." + assignment.task().slot() + "." + assignment.task().id();
        Optional<Box> existing = find(name);
        if (existing.isPresent() && existing.get().status != Status.CREATED) {
          return existing.get().observation();
        }
        if (existing.isEmpty() && !fakeImages.isPresent(assignment.spec().image())) {
          fakeImages.pull(assignment.spec().image());
        }
        Box box = existing.orElseGet(() -> {
          created++;
          Box fresh = new Box("c" + created + "-" + assignment.task().id(), name, assignment.task().id(),
              assignment.task().nodeId());
          containers.put(fresh.id, fresh);
          return fresh;
        });
        box.start(assignment.spec().healthcheck() != null && !assignment.spec().healthcheck().disables());
        return box.observation();
      }
    }

    @Override
    public void start(String containerId) {
      synchronized (FakeEngine.this) {
        called("start " + containerId);
        find(containerId).filter(b -> !b.status.isLive()).ifPresent(b -> b.start(false));
      }
    }

    @Override
    public void stop(String containerId, int timeoutSeconds) {
      synchronized (FakeEngine.this) {
        called("stop " + containerId);
        stopTimeouts.put(containerId, timeoutSeconds);
        find(containerId).filter(b -> b.status.isLive()).ifPresent(b -> {
          b.exit(0); // the process ends on SIGTERM
          emit(b);
        });
      }
    }

    @Override
    public void remove(String containerId) {
      synchronized (FakeEngine.this) {
        called("remove " + containerId);
        find(containerId).ifPresent(b -> {
          containers.remove(b.id);
          emit(b);
        });
      }
    }
  };

  private final Images fakeImages = new Images() {
    @Override
    public boolean isPresent(String image) {
      synchronized (FakeEngine.this) {
        return images.contains(image);
      }
    }

    @Override
    public boolean declaresHealthCheck(String image) {
      return false;
    }

    @Override
    public void pull(String image) {
      synchronized (FakeEngine.this) {
        called("pull " + image);
        if (!pullable.contains(image)) {
          throw new ImageUnavailableException(image, "pull access denied for " + image
              + ", repository does not exist or may require 'docker login'");
        }
        images.add(image);
      }
    }
  };

  private final DockerNetworks fakeNetworks = new DockerNetworks() {
    @Override
    public void ensureNetwork(Definition network) {
      synchronized (FakeEngine.this) {
        networks.put(network.name(), network);
      }
    }

    @Override
    public void removeNetwork(String name) {
      synchronized (FakeEngine.this) {
        networks.remove(name);
      }
    }

    @Override
    public Map<String, String> managedNetworks() {
      synchronized (FakeEngine.this) {
        Map<String, String> managed = new TreeMap<>();
        networks.forEach((name, n) -> managed.put(name, n.networkId()));
        return managed;
      }
    }
  };

  private final class Subscriber implements Closeable {
    private final String nodeId;
    private final Consumer<String> onContainer;
    private final Runnable onEnd;

    Subscriber(String nodeId, Consumer<String> onContainer, Runnable onEnd) {
      this.nodeId = nodeId;
      this.onContainer = onContainer;
      this.onEnd = onEnd;
    }

    @Override
    public void close() {
      synchronized (FakeEngine.this) {
        subscribers.remove(this);
      }
    }
  }

  /** One container, as the engine keeps it. */
  private static final class Box {
    private final String id;
    private final String name;
    private final String taskId;
    private final String nodeId;
    private Status status = Status.CREATED;
    private Integer exitCode;
    private Instant startedAt;
    private Instant finishedAt;
    private Health health = Health.NONE;

    Box(String id, String name, String taskId, String nodeId) {
      this.id = id;
      this.name = name;
      this.taskId = taskId;
      this.nodeId = nodeId;
    }

    void start(boolean checksHealth) {
      status = Status.RUNNING;
      exitCode = null;
      startedAt = Instant.now();
      finishedAt = null;
      health = checksHealth ? Health.STARTING : Health.NONE;
    }

    void exit(int code) {
      status = Status.EXITED;
      exitCode = code;
      finishedAt = Instant.now();
    }

    ContainerObservation observation() {
      return new ContainerObservation(id, taskId, status, exitCode, null, startedAt, finishedAt, false, null,
          status == Status.RUNNING ? health : Health.NONE, null);
    }
  }
}
