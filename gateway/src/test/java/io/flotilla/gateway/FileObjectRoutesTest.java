package io.flotilla.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Addresses;
import io.flotilla.bus.Bus;
import io.flotilla.bus.Json;
import io.flotilla.bus.Messages;
import io.flotilla.model.FileObject;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /v1/secrets} and {@code /v1/configs} against stand-in bus handlers: the routes, bodies and limits. */
@ExtendWith(VertxExtension.class)
@Timeout(20)
class FileObjectRoutesTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Messages.CreateFileObject> received = new CopyOnWriteArrayList<>();
  private GatewayVerticle gateway;

  @BeforeEach
  void start(Vertx vertx) {
    gateway = GatewayVerticle.plainWithoutTokens("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    vertx.deployVerticle(gateway).await();
    for (String address : List.of(Addresses.SECRET_CREATE, Addresses.CONFIG_CREATE)) {
      vertx.eventBus().<String>consumer(address, message -> {
        Messages.CreateFileObject request = Bus.body(message, Messages.CreateFileObject.class);
        received.add(request);
        Bus.reply(message, new FileObject.View("id1", request.spec().name(), request.spec().labels(), null,
            Instant.EPOCH, Instant.EPOCH, 1));
      });
    }
    vertx.eventBus().<String>consumer(Addresses.SECRET_REMOVE, message -> message.fail(409,
        "secret " + Bus.body(message, Messages.FileObjectRef.class).ref() + " is in use by service api"));
  }

  @Test
  void aSecret_isCreatedWith201_andTheAnswerIsTheView() throws Exception {
    HttpResponse<String> response = send("POST", "/v1/secrets",
        "{\"name\":\"db\",\"labels\":{\"a\":\"b\"},\"data\":\"aHVudGVyMg==\"}");

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode body = Json.decode(response.body(), JsonNode.class);
    assertThat(body.path("name").asText()).isEqualTo("db");
    assertThat(body.has("data")).isFalse();
    assertThat(received.get(0).spec().labels()).isEqualTo(Map.of("a", "b"));
  }

  @Test
  void aConfigOfSwarmsLargestSize_passesTheBodyLimit_andOneFarBeyondIsA413() throws Exception {
    String largest = Base64.getEncoder().encodeToString(new byte[1000 * 1024]);
    String beyond = Base64.getEncoder().encodeToString(new byte[1300 * 1024]);

    assertThat(send("POST", "/v1/configs", "{\"name\":\"big\",\"data\":\"" + largest + "\"}").statusCode())
        .isEqualTo(201);
    HttpResponse<String> tooLarge = send("POST", "/v1/configs", "{\"name\":\"big\",\"data\":\"" + beyond + "\"}");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.body()).contains("limit " + (1536 * 1024) + " bytes");
    assertThat(send("POST", "/v1/secrets", "{\"name\":\"big\",\"data\":\"" + largest + "\"}").statusCode())
        .isEqualTo(413);
  }

  @Test
  void aBadNameOrNoData_isA400NamingTheField() throws Exception {
    HttpResponse<String> badName = send("POST", "/v1/secrets", "{\"name\":\"no spaces\",\"data\":\"eA==\"}");
    HttpResponse<String> noData = send("POST", "/v1/secrets", "{\"name\":\"db\"}");

    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(Json.decode(badName.body(), JsonNode.class).toString()).contains("name");
    assertThat(noData.statusCode()).isEqualTo(400);
    assertThat(Json.decode(noData.body(), JsonNode.class).toString()).contains("data");
  }

  @Test
  void removingASecretInUse_isA409NamingTheService() throws Exception {
    HttpResponse<String> response = send("DELETE", "/v1/secrets/db", null);

    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(Json.decode(response.body(), JsonNode.class).path("error").asText())
        .isEqualTo("secret db is in use by service api");
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.actualPort() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("content-type", "application/json")
        .version(HttpClient.Version.HTTP_1_1)
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
