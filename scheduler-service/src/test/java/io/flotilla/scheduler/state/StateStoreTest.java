package io.flotilla.scheduler.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.model.Node;
import io.flotilla.model.NodeDescription;
import io.flotilla.model.NodeState;
import io.flotilla.model.Service;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.Task;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  private final Vertx vertx = Vertx.vertx();
  @TempDir Path dir;

  @AfterEach
  void close() throws Exception {
    vertx.close().await(5, TimeUnit.SECONDS);
  }

  private StateStore open() throws Exception {
    return vertx.executeBlocking(() -> StateStore.open(vertx, dir, Optional.empty())).await(5, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.await(20, TimeUnit.SECONDS);
  }

  /** The store is used from one event loop, as the scheduler does. */
  private <T> T onLoop(java.util.function.Supplier<Future<T>> work) throws Exception {
    io.vertx.core.Promise<T> result = io.vertx.core.Promise.promise();
    context.runOnContext(v -> work.get().onComplete(result));
    return await(result.future());
  }

  private io.vertx.core.Context context;

  @org.junit.jupiter.api.BeforeEach
  void context() {
    context = vertx.getOrCreateContext();
  }

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void acknowledgedWrites_surviveAReopen() throws Exception {
    StateStore store = open();
    Service web = new Service("s1", 1, ServiceSpec.of("web", "web:1", 3), null, T0, T0);
    Task task = Task.create("t1", web, 1, 0, 0, T0);
    onLoop(() -> Future.all(store.putService(web),
        store.writeTasks(List.of(task, Task.create("t2", web, 2, 0, 0, T0)), List.of())));
    onLoop(() -> store.writeTasks(List.of(), List.of("t2")));
    onLoop(store::close);

    StateStore reopened = open();

    assertThat(reopened.services()).containsOnlyKeys("s1");
    assertThat(reopened.services().get("s1")).isEqualTo(web);
    assertThat(reopened.tasks()).containsOnlyKeys("t1");
    assertThat(reopened.tasks().get("t1")).isEqualTo(task);
  }

  @Test
  void aRemovedNode_staysRemovedAfterAReopen() throws Exception {
    StateStore store = open();
    Node n1 = Node.register(new NodeDescription("n1", "host-1", null, null, null, null, null), NodeState.DOWN, T0);
    Node n2 = Node.register(new NodeDescription("n2", "host-2", null, null, null, null, null), NodeState.READY, T0);
    onLoop(() -> Future.all(store.putNode(n1), store.putNode(n2)));
    onLoop(() -> store.removeNode("n1"));
    onLoop(store::close);

    assertThat(open().nodes()).containsOnlyKeys("n2");
  }

  @Test
  void aTornLastLine_fromACrashMidWrite_isIgnored() throws Exception {
    StateStore store = open();
    Service web = new Service("s1", 1, ServiceSpec.of("web", "web:1", 3), null, T0, T0);
    onLoop(() -> store.putService(web));
    onLoop(store::close);
    Files.writeString(dir.resolve("state.journal"), "{\"kind\":\"service\",\"op\":\"put\",\"id\":\"s2\",\"val",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    assertThat(open().services()).containsOnlyKeys("s1");
  }

  @Test
  void manyWrites_areCompactedWithoutLosingState() throws Exception {
    StateStore store = open();
    Service web = new Service("s1", 1, ServiceSpec.of("web", "web:1", 3), null, T0, T0);
    onLoop(() -> {
      List<Future<Void>> writes = new ArrayList<>();
      writes.add(store.putService(web));
      for (int round = 0; round < 12_000; round++) {
        Task t = Task.create("t" + (round % 10), web, round % 10 + 1, round, 0, T0);
        writes.add(store.writeTasks(List.of(t), List.of()));
      }
      return Future.all(writes);
    });
    onLoop(() -> store.putService(web));
    onLoop(store::close);

    assertThat(Files.readAllLines(dir.resolve("state.journal")).size()).isLessThan(12_000);
    StateStore reopened = open();
    assertThat(reopened.tasks()).hasSize(10);
    assertThat(reopened.tasks().get("t9").attempt()).isEqualTo(11_999);
  }
}
