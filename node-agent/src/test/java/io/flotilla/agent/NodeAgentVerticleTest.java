package io.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.agent.docker.DockerEngine;
import io.flotilla.bus.Addresses;
import io.flotilla.model.NodeRole;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The agent against a fake engine that answers over TCP and drops its event stream. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class NodeAgentVerticleTest {
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private DockerEngine engine;

  @AfterEach
  void close() throws Exception {
    if (engine != null) {
      engine.close();
    }
  }

  private static AgentConfig config() {
    return new AgentConfig("n1", "host1", null, NodeRole.WORKER, Map.of(), null, Duration.ofMillis(300));
  }

  private int count(String path) {
    return requests.getOrDefault(path, new AtomicInteger()).get();
  }

  /** Answers info and an empty container list; every event stream ends after 100 ms. */
  private void fakeEngine(Vertx vertx, HttpServerRequest request) {
    String path = request.path().replaceFirst("^/v[0-9.]+", "");
    requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    switch (path) {
      case "/info" -> request.response().putHeader("content-type", "application/json")
          .end("{\"ServerVersion\":\"fake-1\",\"NCPU\":2,\"MemTotal\":1073741824}");
      case "/containers/json" -> request.response().putHeader("content-type", "application/json").end("[]");
      case "/events" -> {
        request.response().setChunked(true).putHeader("content-type", "application/json").write("");
        vertx.setTimer(100, id -> request.response().end());
      }
      default -> request.response().setStatusCode(404).end("{\"message\":\"not faked\"}");
    }
  }

  @Test
  void anEndedEventStream_isFollowedAgainAfterABackOff_thenTheAgentResyncs(Vertx vertx, VertxTestContext test) {
    HttpServer server = vertx.createHttpServer().requestHandler(r -> fakeEngine(vertx, r));
    server.listen(0, "127.0.0.1").compose(listening -> {
      engine = new DockerEngine("tcp://127.0.0.1:" + listening.actualPort());
      return vertx.deployVerticle(new NodeAgentVerticle(config(), engine, new SimpleMeterRegistry()));
    }).onComplete(test.succeeding(id -> vertx.setTimer(2_500, t -> test.verify(() -> {
      // One stream at start, then one per ~1.1 s (100 ms of stream, 1 s of back-off).
      assertThat(count("/events")).isBetween(2, 4);
      assertThat(count("/containers/json")).isGreaterThanOrEqualTo(count("/events"));
      test.completeNow();
    }))));
  }

  @Test
  void heartbeatsCarryTheEnginesResources_andTheAgentAsksForItsAssignments(Vertx vertx, VertxTestContext test) {
    Checkpoint heartbeat = test.laxCheckpoint();
    Checkpoint asked = test.laxCheckpoint(2);
    vertx.eventBus().<String>consumer(Addresses.NODE_HEARTBEAT, m -> test.verify(() -> {
      assertThat(m.body()).contains("\"engineVersion\":\"fake-1\"", "\"cpus\":2.0", "\"memoryBytes\":1073741824");
      heartbeat.flag();
    })).completion().compose(v -> vertx.eventBus().<String>consumer(Addresses.ASSIGNMENTS_GET, m -> {
      asked.flag();
      m.fail(503, "no leader yet");
    }).completion()).compose(v -> vertx.createHttpServer().requestHandler(r -> fakeEngine(vertx, r)).listen(0, "127.0.0.1"))
        .compose(listening -> {
          engine = new DockerEngine("tcp://127.0.0.1:" + listening.actualPort());
          return vertx.deployVerticle(new NodeAgentVerticle(config(), engine, new SimpleMeterRegistry()));
        }).onComplete(test.succeeding(deployed -> { }));
  }

  @Test
  void withoutAnEngine_theAgentDoesNotStart_andSaysWhere(Vertx vertx, VertxTestContext test) {
    engine = new DockerEngine("tcp://127.0.0.1:1");

    vertx.deployVerticle(new NodeAgentVerticle(config(), engine, new SimpleMeterRegistry()))
        .onComplete(test.failing(e -> test.verify(() -> {
          assertThat(e).hasMessageStartingWith("no Docker engine answers at tcp://127.0.0.1:1");
          test.completeNow();
        })));
  }
}
