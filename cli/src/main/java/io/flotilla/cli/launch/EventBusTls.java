package io.flotilla.cli.launch;

import io.flotilla.security.NodeTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;

/**
 * The event bus's mutual TLS: a member presents its node certificate and admits only peers
 * whose certificate the cluster CA issued. Vert.x reads the files once, when the bus starts;
 * a renewed certificate reaches the bus's server and client through their own
 * {@code updateSSLOptions}, which Vert.x does not expose on the bus itself, hence the reflection.
 */
final class EventBusTls {
  private EventBusTls() {}

  static EventBusOptions apply(EventBusOptions options, NodeTls tls) {
    return options.setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(certificate(tls))
        .setTrustOptions(trust(tls));
  }

  /** From the next connection on, the bus presents {@code tls}'s certificate (rewritten in the same files). */
  static Future<Void> use(Vertx vertx, NodeTls tls) {
    try {
      NetServer server = (NetServer) field(vertx.eventBus(), "server");
      NetClient client = (NetClient) field(vertx.eventBus(), "client");
      return server.updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(certificate(tls))
              .setTrustOptions(trust(tls)).setClientAuth(ClientAuth.REQUIRED), true)
          .compose(updated -> client.updateSSLOptions(new ClientSSLOptions().setKeyCertOptions(certificate(tls))
              .setTrustOptions(trust(tls)).setHostnameVerificationAlgorithm(""), true))
          .mapEmpty();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Future.failedFuture(new IllegalStateException("cannot renew the event bus's certificate in this "
          + "Vert.x version; it is used from the next restart (" + e + ")", e));
    }
  }

  private static PemKeyCertOptions certificate(NodeTls tls) {
    return new PemKeyCertOptions().setCertPath(tls.certFile().toString()).setKeyPath(tls.keyFile().toString());
  }

  private static PemTrustOptions trust(NodeTls tls) {
    return new PemTrustOptions().addCertPath(tls.caFile().toString());
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    var field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(owner);
  }
}
