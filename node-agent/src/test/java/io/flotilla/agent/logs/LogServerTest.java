package io.flotilla.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.agent.engine.ContainerLogs;
import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.LogsRpc;
import io.flotilla.bus.Messages;
import io.flotilla.model.logs.ContainerLogLine;
import io.flotilla.model.logs.ContainerLogRequest;
import io.flotilla.security.ClusterCa;
import io.flotilla.security.KeyPairs;
import io.flotilla.security.NodeIdentity;
import io.flotilla.security.NodeTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.WireFormat;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent's log endpoint over real mutual TLS and gRPC, with an in-process fake of the engine's logs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogServerTest {
  private static final Instant NOW = Instant.now();
  private final ClusterCa ca = ClusterCa.create("c1", NOW);
  private final FakeLogs engine = new FakeLogs();
  private Vertx vertx;
  private LogServer server;
  private final List<GrpcClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = new LogServer("n1", "127.0.0.1", 0, tls("n1", "worker"), engine);
    await(vertx.deployVerticle(server));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void aManager_getsTheContainersLinesInOrder_thenTheEnd_onThePortTheBusNames() throws Exception {
    engine.lines = 500;
    int port = await(Bus.request(vertx, Addresses.logsEndpoint("n1"), Map.of(), Messages.LogsEndpoint.class)).port();
    assertThat(port).isEqualTo(server.actualPort());

    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    GrpcClientResponse<ContainerLogRequest, ContainerLogLine> response = call(client("m1", "manager"), "c1", line -> {
      if (!line.isKeepalive()) {
        lines.add(line.stream() + " " + line.line());
      }
    });
    await(response.end());

    assertThat(response.status()).isEqualTo(GrpcStatus.OK);
    assertThat(lines).hasSize(500).startsWith("stdout line 1", "stdout line 2").endsWith("stdout line 500");
  }

  @Test
  void aContainerTheEngineDoesNotKnow_isNotFound() throws Exception {
    GrpcClientResponse<ContainerLogRequest, ContainerLogLine> response = call(client("m1", "manager"), "gone",
        line -> { });
    try {
      await(response.end());
    } catch (Exception expected) {
      // a status other than OK fails the end
    }
    assertThat(response.status()).isEqualTo(GrpcStatus.NOT_FOUND);
    assertThat(response.statusMessage()).contains("gone");
  }

  @Test
  void aWorkersCertificate_isRefused_thoughTheSameCaIssuedIt() throws Exception {
    Future<?> call = client("n2", "worker").request(SocketAddress.inetSocketAddress(server.actualPort(), "127.0.0.1"),
            LogsRpc.client())
        .compose(request -> request.format(WireFormat.JSON).send(new ContainerLogRequest("c1", false, null, null)));
    assertThat(call.toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(10));
    assertThat(engine.reads.get()).isZero();
  }

  @Test
  void aReaderThatDoesNotRead_holdsTheEngineBack_andGoingAwayClosesTheEnginesStream() throws Exception {
    engine.lines = Long.MAX_VALUE;
    GrpcClient manager = client("m1", "manager");
    AtomicInteger received = new AtomicInteger();
    GrpcClientResponse<ContainerLogRequest, ContainerLogLine> response = call(manager, "c1",
        line -> received.incrementAndGet());
    response.pause();
    Thread.sleep(2_000);
    long emitted = engine.emitted.get();
    Thread.sleep(1_000);

    // Unread, the engine's stream stops: a bounded number of lines in flight, none made since.
    assertThat(emitted).isPositive().isLessThan(50_000);
    assertThat(engine.emitted.get()).isEqualTo(emitted);
    assertThat(engine.closed).isFalse();

    await(manager.close());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!engine.closed.get() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(engine.closed).isTrue();
  }

  // ---- helpers

  /** Calls the method; {@code onLine} is set on the event loop as the answer starts, before any line can pass. */
  private GrpcClientResponse<ContainerLogRequest, ContainerLogLine> call(GrpcClient client, String container,
      io.vertx.core.Handler<ContainerLogLine> onLine) throws Exception {
    return await(client.request(SocketAddress.inetSocketAddress(server.actualPort(), "127.0.0.1"), LogsRpc.client())
        .compose(request -> request.format(WireFormat.JSON)
            .send(new ContainerLogRequest(container, true, null, null)))
        .map(response -> response.handler(onLine)));
  }

  private GrpcClient client(String nodeId, String role) throws Exception {
    NodeTls tls = tls(nodeId, role);
    GrpcClient client = GrpcClient.client(vertx, new HttpClientOptions().setSsl(true).setUseAlpn(true)
        .setProtocolVersion(HttpVersion.HTTP_2).setVerifyHost(false)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certFile().toString())
            .setKeyPath(tls.keyFile().toString()))
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile().toString())));
    clients.add(client);
    return client;
  }

  private NodeTls tls(String nodeId, String role) throws Exception {
    KeyPair keys = KeyPairs.generate();
    Path dir = Files.createTempDirectory("logserver-" + nodeId);
    return NodeTls.save(dir, ca.certificate(), ca.issue(keys.getPublic(), new NodeIdentity("c1", nodeId, role),
        List.of("127.0.0.1"), NOW, Duration.ofDays(1)), keys.getPrivate());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** Emits {@code lines} lines as fast as the sink takes them, on a thread of its own, as docker-java does. */
  private static final class FakeLogs implements ContainerLogs {
    volatile long lines;
    final AtomicInteger reads = new AtomicInteger();
    final AtomicLong emitted = new AtomicLong();
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public Closeable read(ContainerLogRequest request, Sink sink) {
      reads.incrementAndGet();
      Thread reader = new Thread(() -> {
        if (request.containerId().equals("gone")) {
          sink.end(new NoSuchContainer("gone"));
          return;
        }
        for (long i = 1; i <= lines && !closed.get(); i++) {
          sink.line(new ContainerLogLine("stdout", Instant.now(), "line " + i));
          emitted.incrementAndGet();
        }
        if (!closed.get()) {
          sink.end(null);
        }
      });
      reader.setDaemon(true);
      reader.start();
      return () -> closed.set(true);
    }
  }
}
