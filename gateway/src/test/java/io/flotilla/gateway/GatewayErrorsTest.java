package io.flotilla.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Addresses;
import io.flotilla.bus.Json;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gateway alone, with no scheduler behind it: what reaches a client when a request fails. */
@ExtendWith(VertxExtension.class)
@Timeout(20)
class GatewayErrorsTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private GatewayVerticle gateway;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    gateway = GatewayVerticle.plainWithoutTokens("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    vertx.deployVerticle(gateway).await();
  }

  @ParameterizedTest
  @CsvSource({"POST, /v1/services", "PUT, /v1/services/web", "POST, /v1/services/web/scale",
      "PATCH, /v1/nodes/n1", "POST, /v1/networks", "POST, /v1/stacks", "POST, /v1/cluster/join",
      "POST, /v1/cluster/join-tokens/rotate"})
  void aNullBody_isA400SayingAnObjectIsExpected(String method, String path) throws Exception {
    HttpResponse<String> response = send(method, path, "null");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response)).isEqualTo("request body is null; expected a JSON object");
  }

  @Test
  void anEventFilterOfOnlyCommas_isA400NotASilentStream() throws Exception {
    HttpResponse<String> response = send("GET", "/v1/events?type=,,", null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response)).startsWith("type: names no event type");
  }

  @Test
  void aBugBehindTheBus_isA500WithoutItsText() throws Exception {
    vertx.eventBus().<String>consumer(Addresses.SERVICE_LIST,
        message -> message.fail(500, "internal error: java.lang.NullPointerException: Cannot invoke \"x\""));

    HttpResponse<String> response = send("GET", "/v1/services", null);

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(error(response)).isEqualTo("internal error; the manager's log has the details");
  }

  @Test
  void aBodyOverTheLimit_isA413() throws Exception {
    HttpResponse<String> response = send("POST", "/v1/services", "[" + " ".repeat(1024 * 1024) + "]");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(error(response)).startsWith("request body too large");
  }

  @Test
  void headersOverTheLimit_areA431WithAJsonError() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.actualPort() + "/v1/nodes"))
        .header("x-padding", "a".repeat(20_000)).version(HttpClient.Version.HTTP_1_1).build();

    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(431);
    assertThat(error(response)).startsWith("request headers too large");
  }

  @Test
  void aRequestLineOverTheLimit_isA414WithAJsonError() throws Exception {
    HttpResponse<String> response = send("GET", "/v1/services/" + "a".repeat(10_000), null);

    assertThat(response.statusCode()).isEqualTo(414);
    assertThat(error(response)).startsWith("request line too long");
  }

  private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.actualPort() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("content-type", "application/json")
        .version(HttpClient.Version.HTTP_1_1)
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String error(HttpResponse<String> response) {
    return Json.decode(response.body(), JsonNode.class).path("error").asText();
  }
}
