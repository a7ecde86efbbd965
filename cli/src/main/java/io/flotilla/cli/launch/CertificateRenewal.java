package io.flotilla.cli.launch;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.security.CertificateRequests;
import io.flotilla.security.NodeTls;
import io.flotilla.security.Pem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews this node's certificate well before it expires, as Swarm does: once two thirds of its
 * life are gone, the node asks the managers for a new one for the same key, writes it, and has
 * the event bus (and, on a manager, Raft and the API) present it from the next connection on.
 */
final class CertificateRenewal {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewal.class);
  private static final Duration LONGEST_CHECK = Duration.ofHours(1);
  private static final Duration SHORTEST_CHECK = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final Path dataDir;
  private final Function<NodeTls, Future<?>> alsoUse;
  private long timer = -1;
  private boolean renewing;

  /** {@code alsoUse} hands a renewed certificate to what else presents it (a manager's Raft member and API). */
  CertificateRenewal(Vertx vertx, Path dataDir, Function<NodeTls, Future<?>> alsoUse) {
    this.vertx = vertx;
    this.dataDir = dataDir;
    this.alsoUse = alsoUse;
  }

  void start(NodeTls tls) {
    timer = vertx.setPeriodic(checkEvery(tls.certificate()).toMillis(), id -> check());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Renewal is due once two thirds of the certificate's life are gone. */
  static boolean due(X509Certificate certificate, Instant now) {
    Instant from = certificate.getNotBefore().toInstant();
    Duration life = Duration.between(from, certificate.getNotAfter().toInstant());
    return !now.isBefore(from.plus(life.multipliedBy(2).dividedBy(3)));
  }

  /** Often enough to renew with most of the last third left: a thirtieth of the life, between 2 s and an hour. */
  static Duration checkEvery(X509Certificate certificate) {
    Duration life = Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    Duration every = life.dividedBy(30);
    return every.compareTo(SHORTEST_CHECK) < 0 ? SHORTEST_CHECK
        : every.compareTo(LONGEST_CHECK) > 0 ? LONGEST_CHECK : every;
  }

  private void check() {
    if (renewing) {
      return;
    }
    renewing = true;
    vertx.executeBlocking(() -> NodeTls.load(dataDir).orElseThrow())
        .compose(tls -> due(tls.certificate(), Instant.now()) ? renew(tls) : Future.succeededFuture())
        .onFailure(e -> LOG.warn("could not renew this node's certificate yet: {}", e.getMessage()))
        .onComplete(done -> renewing = false);
  }

  private Future<Void> renew(NodeTls tls) {
    String nodeId = tls.identity().orElseThrow().nodeId();
    String request = CertificateRequests.create(new KeyPair(tls.certificate().getPublicKey(), tls.key()));
    return Bus.request(vertx, Addresses.CERTIFICATE_RENEW, new Messages.CertificateRenewal(nodeId, request),
            Messages.CertificateGrant.class)
        .compose(grant -> vertx.executeBlocking(() -> NodeTls.save(dataDir, tls.ca(),
            Pem.certificate(grant.certificate()), tls.key())))
        .compose(renewed -> EventBusTls.use(vertx, renewed).compose(v -> alsoUse.apply(renewed)).map(renewed))
        .onSuccess(renewed -> LOG.info("renewed this node's certificate: valid until {}", renewed.expiresAt()))
        .mapEmpty();
  }
}
