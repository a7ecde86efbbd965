package io.flotilla.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.model.ApiRole;
import io.flotilla.model.ApiTokens;
import io.flotilla.security.ClusterCa;
import io.flotilla.security.KeyPairs;
import io.flotilla.security.NodeIdentity;
import io.flotilla.security.NodeTls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A worker's metrics endpoint: HTTPS with the node's certificate, a token checked by the managers (faked here). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetricsVerticleTest {
  @TempDir Path dataDir;
  private WebClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test) throws Exception {
    ClusterCa ca = ClusterCa.create("test", Instant.now());
    KeyPair keys = KeyPairs.generate();
    NodeTls tls = NodeTls.save(dataDir, ca.certificate(), ca.issue(keys.getPublic(),
        new NodeIdentity("test", "worker1", "worker"), List.of("127.0.0.1"), Instant.now(), Duration.ofDays(1)),
        keys.getPrivate());
    // Only the cluster-wide check answers: a worker has no manager of its own to ask.
    vertx.eventBus().<String>consumer(Addresses.API_TOKEN_CHECK, m -> {
      if (Bus.body(m, Messages.ApiTokenCheck.class).hash().equals(ApiTokens.hash("ro-secret"))) {
        Bus.reply(m, new Messages.ApiTokenView("prometheus", ApiRole.READONLY, Instant.EPOCH));
      } else {
        m.fail(Failures.UNAUTHORIZED, "unknown API token");
      }
    });
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("flotilla_test_things").description("Things").register(registry).increment();
    client = WebClient.create(vertx, new WebClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile().toString())));
    MetricsVerticle metrics = new MetricsVerticle("127.0.0.1", 0, registry,
        new PemKeyCertOptions().setCertPath(tls.certFile().toString()).setKeyPath(tls.keyFile().toString()));
    vertx.deployVerticle(metrics).onComplete(test.succeeding(id -> {
      port = metrics.actualPort();
      test.completeNow();
    }));
  }

  private Future<HttpResponse<Buffer>> get(String path, String token) {
    var request = client.get(port, "127.0.0.1", path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request.send();
  }

  @Test
  void aReadonlyToken_getsThePrometheusText_noTokenOrAnUnknownOneIs401_andNothingElseIsServed(VertxTestContext test) {
    Future.all(get("/metrics", "ro-secret"), get("/metrics", null), get("/metrics", "guessed"),
            get("/v1/services", "ro-secret"))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          HttpResponse<Buffer> metrics = all.resultAt(0);
          assertThat(metrics.statusCode()).isEqualTo(200);
          assertThat(metrics.getHeader("content-type")).startsWith("text/plain; version=0.0.4");
          assertThat(metrics.bodyAsString()).contains("# HELP flotilla_test_things_total Things")
              .contains("flotilla_test_things_total 1.0");
          assertThat(all.<HttpResponse<Buffer>>resultAt(1).statusCode()).isEqualTo(401);
          assertThat(all.<HttpResponse<Buffer>>resultAt(2).statusCode()).isEqualTo(401);
          assertThat(all.<HttpResponse<Buffer>>resultAt(3).statusCode()).isEqualTo(404);
          test.completeNow();
        })));
  }
}
