package io.flotilla.overlay.mesh;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One port of the routing mesh on one node: every connection is forwarded to a running task of
 * the service, wherever it runs, round robin. A task that does not accept within the connect
 * timeout (its host died, say) is skipped for the next one, so new connections keep working
 * before the scheduler has noticed. The backends are read per connection.
 */
public final class IngressProxy {
  private static final Logger LOG = LoggerFactory.getLogger(IngressProxy.class);

  private final NetServer server;
  private final NetClient client;
  private final Supplier<List<SocketAddress>> backends;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  private IngressProxy(Vertx vertx, Supplier<List<SocketAddress>> backends, Duration connectTimeout) {
    this.backends = backends;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) connectTimeout.toMillis())
        .setTcpNoDelay(true));
    this.server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
  }

  public static Future<IngressProxy> start(Vertx vertx, String host, int port, Supplier<List<SocketAddress>> backends,
      Duration connectTimeout) {
    IngressProxy proxy = new IngressProxy(vertx, backends, connectTimeout);
    return proxy.server.connectHandler(proxy::accept).listen(port, host)
        .map(proxy)
        .onFailure(e -> proxy.client.close());
  }

  public int port() {
    return server.actualPort();
  }

  public long forwarded() {
    return forwarded.get();
  }

  public long failed() {
    return failed.get();
  }

  public Future<Void> close() {
    return server.close().eventually(client::close);
  }

  private void accept(NetSocket inbound) {
    inbound.pause();
    List<SocketAddress> candidates = backends.get();
    if (candidates.isEmpty()) {
      failed.incrementAndGet();
      inbound.close();
      return;
    }
    int first = (int) Math.floorMod(next.getAndIncrement(), (long) candidates.size());
    connect(inbound, candidates, first, 0);
  }

  private void connect(NetSocket inbound, List<SocketAddress> candidates, int first, int tried) {
    if (tried == candidates.size()) {
      failed.incrementAndGet();
      inbound.close();
      return;
    }
    SocketAddress target = candidates.get((first + tried) % candidates.size());
    client.connect(target)
        .onSuccess(outbound -> splice(inbound, outbound))
        .onFailure(e -> {
          LOG.debug("routing mesh: {} does not answer ({}); trying the next task", target, e.getMessage());
          connect(inbound, candidates, first, tried + 1);
        });
  }

  private void splice(NetSocket inbound, NetSocket outbound) {
    forwarded.incrementAndGet();
    inbound.closeHandler(v -> outbound.close());
    outbound.closeHandler(v -> inbound.close());
    inbound.pipeTo(outbound);
    outbound.pipeTo(inbound);
    inbound.resume();
  }
}
