package io.flotilla.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Failures;
import io.flotilla.bus.Messages;
import io.flotilla.model.ApiRole;
import io.flotilla.model.ApiTokens;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.flotilla.security.ClusterCa;
import io.flotilla.security.KeyPairs;
import io.flotilla.security.NodeIdentity;
import io.flotilla.security.NodeTls;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's bearer check against a manager that knows two tokens: one admin, one readonly. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BearerAuthTest {
  private static final Map<String, Messages.ApiTokenView> KNOWN = Map.of(
      ApiTokens.hash("admin-secret"), new Messages.ApiTokenView("admin", ApiRole.ADMIN, Instant.EPOCH),
      ApiTokens.hash("ro-secret"), new Messages.ApiTokenView("ci", ApiRole.READONLY, Instant.EPOCH));

  @TempDir Path dataDir;
  private WebClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test) throws Exception {
    ClusterCa ca = ClusterCa.create("test", Instant.now());
    KeyPair keys = KeyPairs.generate();
    NodeTls tls = NodeTls.save(dataDir, ca.certificate(), ca.issue(keys.getPublic(),
        new NodeIdentity("test", "manager1", "manager"), List.of("127.0.0.1"), Instant.now(), Duration.ofDays(1)),
        keys.getPrivate());
    vertx.eventBus().<String>localConsumer(Addresses.API_TOKEN_VERIFY, m -> {
      Messages.ApiTokenView caller = KNOWN.get(Bus.body(m, Messages.ApiTokenCheck.class).hash());
      if (caller == null) {
        m.fail(Failures.UNAUTHORIZED, "unknown API token");
      } else {
        Bus.reply(m, caller);
      }
    });
    vertx.eventBus().<String>localConsumer(Addresses.SERVICE_LIST,
        m -> Bus.reply(m, new Messages.ServiceList(List.of())));
    vertx.eventBus().<String>localConsumer(Addresses.API_TOKEN_LIST, m -> Bus.reply(m,
        new Messages.ApiTokenList(List.copyOf(KNOWN.values()))));
    client = WebClient.create(vertx, new WebClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile().toString())));
    GatewayVerticle gateway = new GatewayVerticle("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        new PemKeyCertOptions().setCertPath(tls.certFile().toString()).setKeyPath(tls.keyFile().toString()));
    vertx.deployVerticle(gateway).onComplete(test.succeeding(id -> {
      port = gateway.actualPort();
      test.completeNow();
    }));
  }

  private Future<HttpResponse<Buffer>> call(HttpMethod method, String path, String token) {
    var request = client.request(method, port, "127.0.0.1", path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return method == HttpMethod.POST ? request.sendBuffer(Buffer.buffer("{}")) : request.send();
  }

  @Test
  void withoutAToken_or_withAnUnknownOne_theAnswerIs401_askingForABearer(VertxTestContext test) {
    call(HttpMethod.GET, "/v1/services", null)
        .compose(none -> call(HttpMethod.GET, "/v1/cluster/join-tokens", "guessed")
            .map(unknown -> List.of(none, unknown)))
        .onComplete(test.succeeding(answers -> test.verify(() -> {
          for (HttpResponse<Buffer> answer : answers) {
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.getHeader("WWW-Authenticate")).startsWith("Bearer");
            assertThat(answer.bodyAsJsonObject().getString("error")).contains("token");
          }
          test.completeNow();
        })));
  }

  @Test
  void aReadonlyToken_looks_butMayNotChange_norSeeTheTokens(VertxTestContext test) {
    call(HttpMethod.GET, "/v1/services", "ro-secret")
        .compose(list -> call(HttpMethod.POST, "/v1/services", "ro-secret")
            .compose(create -> call(HttpMethod.GET, "/v1/tokens", "ro-secret")
                .map(tokens -> List.of(list, create, tokens))))
        .onComplete(test.succeeding(answers -> test.verify(() -> {
          assertThat(answers.get(0).statusCode()).isEqualTo(200);
          assertThat(answers.get(1).statusCode()).isEqualTo(403);
          assertThat(answers.get(1).bodyAsJsonObject().getString("error"))
              .isEqualTo("the API token 'ci' has the role readonly, which may not POST /v1/services; "
                  + "that needs an admin token");
          assertThat(answers.get(2).statusCode()).isEqualTo(403);
          test.completeNow();
        })));
  }

  @Test
  void anAdminToken_mayListTheTokens(VertxTestContext test) {
    call(HttpMethod.GET, "/v1/tokens", "admin-secret").onComplete(test.succeeding(answer -> test.verify(() -> {
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.bodyAsJsonArray().size()).isEqualTo(2);
      test.completeNow();
    })));
  }
}
