package io.flotilla.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Messages;
import io.flotilla.model.ApiRole;
import io.flotilla.security.ClusterCa;
import io.flotilla.security.KeyPairs;
import io.flotilla.security.NodeIdentity;
import io.flotilla.security.NodeTls;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The web dashboard's static files, from a gateway that checks tokens as a cluster's does. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UiRoutesTest {
  private static final String ADMIN = "admin-secret";

  @TempDir Path dataDir;
  private WebClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    ClusterCa ca = ClusterCa.create("test", Instant.now());
    KeyPair keys = KeyPairs.generate();
    NodeTls tls = NodeTls.save(dataDir, ca.certificate(), ca.issue(keys.getPublic(),
        new NodeIdentity("test", "manager1", "manager"), List.of("127.0.0.1"), Instant.now(), Duration.ofDays(1)),
        keys.getPrivate());
    vertx.eventBus().<String>localConsumer(Addresses.API_TOKEN_VERIFY,
        m -> Bus.reply(m, new Messages.ApiTokenView("admin", ApiRole.ADMIN, Instant.EPOCH)));
    client = WebClient.create(vertx, new WebClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile().toString())));
    GatewayVerticle gateway = new GatewayVerticle("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        new PemKeyCertOptions().setCertPath(tls.certFile().toString()).setKeyPath(tls.keyFile().toString()));
    vertx.deployVerticle(gateway).await();
    port = gateway.actualPort();
  }

  private HttpResponse<Buffer> get(String path, String token) {
    var request = client.request(HttpMethod.GET, port, "127.0.0.1", path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request.send().await();
  }

  @Test
  void thePage_isServedWithoutAToken_underAStrictContentSecurityPolicy() {
    HttpResponse<Buffer> page = get("/ui/", null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("content-type")).isEqualTo("text/html;charset=UTF-8");
    assertThat(page.getHeader("content-security-policy"))
        .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "*");
    assertThat(page.getHeader("x-content-type-options")).isEqualTo("nosniff");
    assertThat(page.getHeader("cache-control")).isEqualTo("no-cache");
    assertThat(page.getHeader("last-modified")).isNotBlank();
    assertThat(page.bodyAsString()).contains("<script type=\"module\" src=\"app.js\"></script>");
  }

  @Test
  void theApiItself_stillNeedsAToken() {
    assertThat(get("/v1/nodes", null).statusCode()).isEqualTo(401);
  }

  @Test
  void thePage_hasNoInlineScriptStyleOrHandler_whichThePolicyWouldBlock() {
    String html = get("/ui/index.html", null).bodyAsString();

    Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
    int count = 0;
    while (scripts.find()) {
      count++;
      assertThat(scripts.group(1)).contains("src=");
      assertThat(scripts.group(2)).isBlank();
    }
    assertThat(count).isPositive();
    assertThat(html).doesNotContainPattern("(?i)\\son[a-z]+=").doesNotContainPattern("(?i)\\sstyle=")
        .doesNotContain("<style");
  }

  @Test
  void slashUi_redirectsToTheDirectory_soRelativeAssetsResolve() {
    var answer = client.request(HttpMethod.GET, port, "127.0.0.1", "/ui").followRedirects(false).send().await();

    assertThat(answer.statusCode()).isEqualTo(301);
    assertThat(answer.getHeader("location")).isEqualTo("/ui/");
  }

  @ParameterizedTest
  @CsvSource({"app.js, text/javascript", "view.js, text/javascript", "style.css, text/css",
      "favicon.svg, image/svg+xml"})
  void eachAsset_hasItsContentType(String asset, String type) {
    HttpResponse<Buffer> answer = get("/ui/" + asset, null);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.getHeader("content-type")).startsWith(type);
    assertThat(answer.getHeader("content-security-policy")).isEqualTo(UiRoutes.CONTENT_SECURITY_POLICY);
  }

  @Test
  void anUnchangedAsset_isA304_toARevalidation() {
    String lastModified = get("/ui/app.js", null).getHeader("last-modified");

    var again = client.request(HttpMethod.GET, port, "127.0.0.1", "/ui/app.js")
        .putHeader("if-modified-since", lastModified).send().await();

    assertThat(again.statusCode()).isEqualTo(304);
  }

  @Test
  void anUnknownAsset_isA404InTheApisWords() {
    HttpResponse<Buffer> answer = get("/ui/nope.js", null);

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(answer.bodyAsJsonObject().getString("error")).isEqualTo("no such endpoint: GET /ui/nope.js");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/ui/../META-INF/MANIFEST.MF", "/ui/%2e%2e/META-INF/MANIFEST.MF",
      "/ui/..%2fMETA-INF%2fMANIFEST.MF", "/ui/%2e%2e%2f%2e%2e%2fio/flotilla/gateway/UiRoutes.class",
      "/ui/....//META-INF/MANIFEST.MF", "/ui/..\\META-INF\\MANIFEST.MF", "/ui//etc/passwd",
      "/ui/%2fetc%2fpasswd", "/ui/.%2e/io/flotilla/gateway/UiRoutes.class"})
  void nothingOutsideTheUiFolder_isServed_evenToAnAdmin(String path) {
    HttpResponse<Buffer> answer = get(path, ADMIN);

    assertThat(answer.statusCode()).as(path).isIn(400, 404);
    String body = answer.bodyAsString();
    assertThat(body).as(path).doesNotContain("Manifest-Version").doesNotContain("root:");
  }
}
