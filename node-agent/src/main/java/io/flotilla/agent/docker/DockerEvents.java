package io.flotilla.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.flotilla.agent.engine.ContainerEvents;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Container events through docker-java, on the client without a response timeout. */
final class DockerEvents implements ContainerEvents {
  // Only what the agent did not cause itself; starts it made are known, others show up in the resync.
  private static final String[] EVENTS = {"die", "destroy", "oom", "health_status"};

  private final DockerClient streams;

  DockerEvents(DockerClient streams) {
    this.streams = streams;
  }

  @Override
  public Closeable follow(String nodeId, Consumer<String> onContainer, Runnable onEnd) {
    Subscription subscription = new Subscription(onContainer, onEnd);
    streams.eventsCmd()
        .withEventTypeFilter(EventType.CONTAINER)
        .withLabelFilter(Containers.TASK_LABEL, Containers.NODE_LABEL + "=" + nodeId)
        .withEventFilter(EVENTS)
        .exec(subscription);
    return subscription;
  }

  private static final class Subscription extends ResultCallback.Adapter<Event> {
    private final Consumer<String> onContainer;
    private final Runnable onEnd;
    private final AtomicBoolean finished = new AtomicBoolean();

    Subscription(Consumer<String> onContainer, Runnable onEnd) {
      this.onContainer = onContainer;
      this.onEnd = onEnd;
    }

    @Override
    public void onNext(Event event) {
      String id = event.getActor() != null && event.getActor().getId() != null
          ? event.getActor().getId() : event.getId();
      if (id != null) {
        onContainer.accept(id);
      }
    }

    @Override
    public void onError(Throwable error) {
      end();
    }

    @Override
    public void onComplete() {
      end();
    }

    @Override
    public void close() throws IOException {
      finished.set(true);
      super.close();
    }

    private void end() {
      if (finished.compareAndSet(false, true)) {
        DockerClients.closeQuietly(super::close);
        onEnd.run();
      }
    }
  }
}
