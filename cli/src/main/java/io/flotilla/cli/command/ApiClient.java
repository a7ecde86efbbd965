package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A blocking client of the Flotilla HTTP API; every failure becomes a {@link CliException} a person can read. */
public final class ApiClient {
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  public ApiClient(String base) {
    this.base = URI.create(base.endsWith("/") ? base : base + "/");
  }

  public String base() {
    return base.toString();
  }

  public JsonNode get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  public JsonNode post(String path, Object body) {
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.encode(body))));
  }

  public JsonNode patch(String path, Object body) {
    return withBody(path, "PATCH", body);
  }

  public JsonNode put(String path, Object body) {
    return withBody(path, "PUT", body);
  }

  private JsonNode withBody(String path, String method, Object body) {
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("content-type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(Json.encode(body))));
  }

  public JsonNode delete(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
  }

  public static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }

  /** Follows a server-sent event stream, handing each event's data to {@code onData}, until it ends. */
  public void stream(String path, java.util.function.Consumer<String> onData) {
    HttpResponse<java.util.stream.Stream<String>> response;
    try {
      response = http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
          HttpResponse.BodyHandlers.ofLines());
    } catch (ConnectException e) {
      throw new CliException("cannot reach the Flotilla API at " + base + " — is it running?");
    } catch (IOException e) {
      throw new CliException("request to " + base + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
    if (response.statusCode() >= 400) {
      String text = response.body().collect(java.util.stream.Collectors.joining());
      try {
        throw new CliException(Json.MAPPER.readTree(text).path("error").asText("HTTP " + response.statusCode()));
      } catch (IOException e) {
        throw new CliException("HTTP " + response.statusCode());
      }
    }
    response.body().filter(line -> line.startsWith("data: ")).forEach(line -> onData.accept(line.substring(6)));
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response = http.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new CliException("cannot reach the Flotilla API at " + base
          + " — is it running? Start it with 'flotilla up', or point --host / FLOTILLA_HOST at it");
    } catch (IOException e) {
      throw new CliException("request to " + base + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
    JsonNode body;
    try {
      body = response.body().isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new CliException("the API answered " + response.statusCode() + " with something that is not JSON");
    }
    if (response.statusCode() >= 400) {
      String message = body.path("error").asText("HTTP " + response.statusCode());
      throw new CliException(message);
    }
    return body;
  }
}
