package io.flotilla.cli.launch;

import io.flotilla.gateway.MetricsVerticle;
import io.flotilla.security.NodeTls;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's {@code /metrics}, on its own port with its node certificate (a manager's are on its
 * API). A port already taken costs the node its metrics, not its work: the failure is logged
 * loudly and the agent goes on.
 */
final class WorkerMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerMetrics.class);

  private WorkerMetrics() {}

  static Future<Optional<MetricsVerticle>> serve(Vertx vertx, NodeOptions options, NodeTls tls,
      PrometheusMeterRegistry registry) {
    if (options.metricsPort() == 0) {
      return Future.succeededFuture(Optional.empty());
    }
    MetricsVerticle endpoint = new MetricsVerticle(options.apiHost(), options.metricsPort(), registry,
        certificate(tls));
    return vertx.deployVerticle(endpoint)
        .map(id -> {
          LOG.info("metrics on https://{}:{}/metrics", options.apiHost(), endpoint.actualPort());
          return Optional.of(endpoint);
        })
        .recover(e -> {
          LOG.error("this node serves no /metrics: cannot listen on {}:{} ({}); choose another with "
              + "'join --metrics-port'", options.apiHost(), options.metricsPort(), e.getMessage());
          return Future.succeededFuture(Optional.empty());
        });
  }

  static PemKeyCertOptions certificate(NodeTls tls) {
    return new PemKeyCertOptions().addCertPath(tls.certFile().toString()).addKeyPath(tls.keyFile().toString());
  }
}
