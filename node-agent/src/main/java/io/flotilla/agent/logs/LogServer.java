package io.flotilla.agent.logs;

import io.flotilla.agent.engine.ContainerLogs;
import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.LogsRpc;
import io.flotilla.bus.Messages;
import io.flotilla.model.NodeRole;
import io.flotilla.security.NodeIdentity;
import io.flotilla.security.NodeTls;
import io.flotilla.security.RenewableKeyManager;
import io.flotilla.security.RoleTrust;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.grpc.server.GrpcServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves this node's task containers' logs to the managers ({@link LogsRpc}) on {@code
 * host:port} (any free port when that one is taken), and says on the bus ({@link
 * Addresses#logsEndpoint}) which port it got. Mutual TLS: it presents the node's certificate
 * (renewed ones from the next handshake on) and admits only managers' certificates of this
 * cluster, as the managers' Raft port does: a worker holds a certificate of the same CA, but may
 * not read other nodes' logs.
 */
public final class LogServer extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(LogServer.class);
  /** Streams served at once; each holds a docker-java reading thread. */
  static final int MAX_STREAMS = 64;

  private final String nodeId;
  private final String host;
  private final int port;
  private final NodeTls tls;
  private final RenewableKeyManager keys;
  private final ContainerLogs logs;
  private final AtomicInteger streams = new AtomicInteger();
  private HttpServer server;
  private MessageConsumer<String> endpoint;

  public LogServer(String nodeId, String host, int port, NodeTls tls, ContainerLogs logs) {
    this.nodeId = nodeId;
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.keys = new RenewableKeyManager(tls);
    this.logs = logs;
  }

  /** Presents {@code renewed} from the next connection on. */
  public void useCertificate(NodeTls renewed) {
    keys.use(renewed);
  }

  @Override
  public Future<?> start() {
    String clusterId = tls.identity().map(NodeIdentity::clusterId).orElseThrow(() ->
        new IllegalStateException("this node's certificate names no cluster"));
    HttpServerOptions options = new HttpServerOptions().setSsl(true).setUseAlpn(true)
        .setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(KeyCertOptions.wrap(keys))
        .setTrustOptions(TrustOptions.wrap(new RoleTrust(tls.ca(), clusterId, NodeRole.MANAGER.json())));
    GrpcServer grpc = GrpcServer.server(vertx).callHandler(LogsRpc.server(), request -> {
      if (streams.get() >= MAX_STREAMS) {
        request.response().status(io.vertx.grpc.common.GrpcStatus.RESOURCE_EXHAUSTED)
            .statusMessage("this node serves " + MAX_STREAMS + " log streams already").end();
        return;
      }
      streams.incrementAndGet();
      new LogStream(vertx, logs, request, streams::decrementAndGet).start();
    });
    return vertx.createHttpServer(options).requestHandler(grpc).listen(port, host)
        .recover(taken -> {
          LOG.info("port {} is taken ({}); the log endpoint takes any free port", port, taken.getMessage());
          return vertx.createHttpServer(options).requestHandler(grpc).listen(0, host);
        })
        .onSuccess(s -> {
          server = s;
          endpoint = vertx.eventBus().consumer(Addresses.logsEndpoint(nodeId),
              message -> Bus.reply(message, new Messages.LogsEndpoint(s.actualPort())));
          LOG.info("container logs served to managers on {}:{}", host, s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    Future<Void> unregistered = endpoint == null ? Future.succeededFuture() : endpoint.unregister();
    return unregistered.compose(v -> server == null ? Future.succeededFuture() : server.close());
  }

  public int actualPort() {
    return server.actualPort();
  }
}
