package io.flotilla.overlay.mesh;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/** A task that echoes every byte back, with backpressure, and counts its connections. */
final class EchoBackend {
  private final NetServer server;
  private final AtomicInteger accepted = new AtomicInteger();
  private final Promise<Void> firstConnectionClosed = Promise.promise();

  private EchoBackend(NetServer server) {
    this.server = server;
  }

  static EchoBackend start(Vertx vertx) {
    EchoBackend backend = new EchoBackend(vertx.createNetServer());
    backend.server.connectHandler(socket -> {
      backend.accepted.incrementAndGet();
      socket.closeHandler(v -> backend.firstConnectionClosed.tryComplete());
      socket.pipeTo(socket);
    }).listen(0, "127.0.0.1").await();
    return backend;
  }

  SocketAddress address() {
    return SocketAddress.inetSocketAddress(server.actualPort(), "127.0.0.1");
  }

  int accepted() {
    return accepted.get();
  }

  Future<Void> firstConnectionClosed() {
    return firstConnectionClosed.future();
  }

  void close() {
    server.close().await();
  }
}
