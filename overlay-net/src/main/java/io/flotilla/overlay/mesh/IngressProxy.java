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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One published port of the routing mesh on one node: every connection is forwarded to a running
 * task of the service, wherever it runs, round robin. A task that does not accept within the
 * connect timeout (its host died, say) is skipped for the next one, so new connections keep
 * working before the scheduler has noticed.
 *
 * <p>The backends are read once per connection, on the event loop that accepted it, so the
 * supplier must be cheap and must not block.
 */
public final class IngressProxy {
  private final NetServer server;
  private final NetClient client;
  private final Supplier<List<SocketAddress>> backends;
  private final AtomicLong turn = new AtomicLong();
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  private IngressProxy(Vertx vertx, Supplier<List<SocketAddress>> backends, Duration connectTimeout) {
    this.backends = backends;
    this.client = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()))
        .setTcpNoDelay(true));
    this.server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
  }

  /** Listens on {@code host:port} (port 0 picks a free one) and forwards to {@code backends}. */
  public static Future<IngressProxy> start(Vertx vertx, String host, int port, Supplier<List<SocketAddress>> backends,
      Duration connectTimeout) {
    Objects.requireNonNull(backends, "backends");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
    }
    IngressProxy proxy = new IngressProxy(vertx, backends, connectTimeout);
    return proxy.server.connectHandler(proxy::accept)
        .listen(port, host)
        .map(proxy)
        .onFailure(e -> proxy.client.close());
  }

  /** The port actually listened on. */
  public int port() {
    return server.actualPort();
  }

  /** Connections spliced to a task so far. */
  public long forwarded() {
    return forwarded.get();
  }

  /** Connections closed because no task answered (or there was none). */
  public long failed() {
    return failed.get();
  }

  /** Stops listening and closes every connection it holds. */
  public Future<Void> close() {
    return server.close().eventually(client::close);
  }

  private void accept(NetSocket inbound) {
    List<SocketAddress> tasks = startingAt(backends.get(), turn.getAndIncrement());
    Forwarding.forward(inbound, client, tasks, this::count);
  }

  private void count(Forwarding.Outcome outcome) {
    switch (outcome) {
      case FORWARDED -> forwarded.incrementAndGet();
      case NO_TASK_ANSWERED -> failed.incrementAndGet();
      case CLIENT_LEFT -> { }
    }
  }

  /** The tasks in trying order: the whole list, rotated so each new connection starts one further. */
  private static List<SocketAddress> startingAt(List<SocketAddress> tasks, long turn) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    int first = (int) Math.floorMod(turn, (long) tasks.size());
    List<SocketAddress> order = new ArrayList<>(tasks.subList(first, tasks.size()));
    order.addAll(tasks.subList(0, first));
    return order;
  }
}
