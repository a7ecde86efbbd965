package io.flotilla.overlay.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Real TCP on 127.0.0.1; the test thread awaits futures, never an event loop. */
@ExtendWith(VertxExtension.class)
@Timeout(20)
class IngressProxyTest {
  private static final String LOCALHOST = "127.0.0.1";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  private Vertx vertx;
  private NetClient clients;
  private final List<IngressProxy> proxies = new ArrayList<>();
  private final List<EchoBackend> backends = new ArrayList<>();

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.clients = vertx.createNetClient();
  }

  @AfterEach
  void closeEverything() {
    proxies.forEach(proxy -> proxy.close().await());
    backends.forEach(EchoBackend::close);
    clients.close().await();
  }

  @Test
  void dataFlowsBothWays() throws Exception {
    IngressProxy proxy = proxyTo(echo().address());

    Buffer reply = await(connect(proxy).compose(socket -> exchange(socket, Buffer.buffer("hello mesh"))));

    assertThat(reply.toString()).isEqualTo("hello mesh");
    assertThat(proxy.forwarded()).isEqualTo(1);
    assertThat(proxy.failed()).isZero();
  }

  @Test
  void largePayloadArrivesIntact() throws Exception {
    IngressProxy proxy = proxyTo(echo().address());
    byte[] bytes = new byte[5 * 1024 * 1024];
    new Random(42).nextBytes(bytes);

    Buffer reply = await(connect(proxy).compose(socket -> exchange(socket, Buffer.buffer(bytes))));

    assertThat(reply.getBytes()).isEqualTo(bytes);
  }

  @Test
  void roundRobinSplitsConnectionsOverLiveBackends() throws Exception {
    EchoBackend first = echo();
    EchoBackend second = echo();
    IngressProxy proxy = proxyTo(first.address(), second.address());

    for (int i = 0; i < 6; i++) {
      await(connect(proxy).compose(socket -> exchange(socket, Buffer.buffer("ping"))));
    }

    assertThat(first.accepted()).isEqualTo(3);
    assertThat(second.accepted()).isEqualTo(3);
    assertThat(proxy.forwarded()).isEqualTo(6);
  }

  @Test
  void deadBackendIsSkippedAndEveryConnectionSucceeds() throws Exception {
    EchoBackend live = echo();
    IngressProxy proxy = proxyTo(closedPort(), live.address());

    for (int i = 0; i < 4; i++) {
      String ping = "ping " + i;
      Buffer reply = await(connect(proxy).compose(socket -> exchange(socket, Buffer.buffer(ping))));
      assertThat(reply.toString()).isEqualTo(ping);
    }

    assertThat(live.accepted()).isEqualTo(4);
    assertThat(proxy.forwarded()).isEqualTo(4);
    assertThat(proxy.failed()).isZero();
  }

  @Test
  void backendsAreReadPerConnection() throws Exception {
    EchoBackend before = echo();
    EchoBackend after = echo();
    AtomicReference<List<SocketAddress>> current = new AtomicReference<>(List.of(before.address()));
    IngressProxy proxy = start(current::get);

    await(connect(proxy).compose(socket -> exchange(socket, Buffer.buffer("one"))));
    current.set(List.of(after.address()));
    await(connect(proxy).compose(socket -> exchange(socket, Buffer.buffer("two"))));

    assertThat(before.accepted()).isEqualTo(1);
    assertThat(after.accepted()).isEqualTo(1);
  }

  @Test
  void withoutBackendsTheClientIsClosedPromptly() throws IOException {
    IngressProxy proxy = proxyTo();

    long started = System.nanoTime();
    try (Socket socket = new Socket(LOCALHOST, proxy.port())) {
      socket.setSoTimeout(2_000);
      assertThat(endOfStream(socket.getInputStream())).isTrue();
    }

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    assertThat(proxy.failed()).isEqualTo(1);
  }

  @Test
  void whenOnlyDeadBackendsTheClientIsClosed() throws IOException {
    IngressProxy proxy = proxyTo(closedPort(), closedPort());

    try (Socket socket = new Socket(LOCALHOST, proxy.port())) {
      socket.setSoTimeout(2_000);
      assertThat(endOfStream(socket.getInputStream())).isTrue();
    }

    assertThat(proxy.failed()).isEqualTo(1);
    assertThat(proxy.forwarded()).isZero();
  }

  @Test
  void whenTheClientClosesTheBackendConnectionIsClosed() throws Exception {
    EchoBackend backend = echo();
    IngressProxy proxy = proxyTo(backend.address());

    await(connect(proxy).compose(socket -> exchange(socket, Buffer.buffer("bye")).compose(reply -> socket.close())));

    await(backend.firstConnectionClosed());
  }

  @Test
  void whenTheBackendClosesTheClientConnectionIsClosed() throws Exception {
    NetServer hangsUp = vertx.createNetServer()
        .connectHandler(socket -> socket.handler(data -> socket.close()));
    hangsUp.listen(0, LOCALHOST).await();
    IngressProxy proxy = proxyTo(SocketAddress.inetSocketAddress(hangsUp.actualPort(), LOCALHOST));

    try (Socket socket = new Socket(LOCALHOST, proxy.port())) {
      socket.setSoTimeout(2_000);
      socket.getOutputStream().write("anyone?".getBytes());
      assertThat(endOfStream(socket.getInputStream())).isTrue();
    } finally {
      hangsUp.close().await();
    }
  }

  private EchoBackend echo() {
    EchoBackend backend = EchoBackend.start(vertx);
    backends.add(backend);
    return backend;
  }

  private IngressProxy proxyTo(SocketAddress... tasks) {
    return start(() -> List.of(tasks));
  }

  private IngressProxy start(Supplier<List<SocketAddress>> tasks) {
    IngressProxy proxy = IngressProxy.start(vertx, LOCALHOST, 0, tasks, CONNECT_TIMEOUT).await();
    proxies.add(proxy);
    return proxy;
  }

  /** A port that refused connections a moment ago: it was bound, then released. */
  private SocketAddress closedPort() {
    NetServer server = vertx.createNetServer();
    server.connectHandler(NetSocket::close).listen(0, LOCALHOST).await();
    int port = server.actualPort();
    server.close().await();
    return SocketAddress.inetSocketAddress(port, LOCALHOST);
  }

  private Future<NetSocket> connect(IngressProxy proxy) {
    return clients.connect(proxy.port(), LOCALHOST);
  }

  /**
   * Sends {@code payload} and collects as many bytes back. Runs on the socket's event loop (a
   * compose step), so the handlers are in place before the first byte can arrive.
   */
  private static Future<Buffer> exchange(NetSocket socket, Buffer payload) {
    Promise<Buffer> reply = Promise.promise();
    Buffer received = Buffer.buffer(payload.length());
    socket.handler(data -> {
      received.appendBuffer(data);
      if (received.length() >= payload.length()) {
        reply.tryComplete(received);
      }
    });
    socket.closeHandler(v -> reply.tryFail("closed after " + received.length() + " of " + payload.length() + " bytes"));
    socket.write(payload);
    return reply.future();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }

  private static boolean endOfStream(InputStream in) throws IOException {
    return in.read() == -1;
  }
}
