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
  private static final String TOKEN_HINT = "pass an API token with --token or FLOTILLA_TOKEN (on the host of a "
      + "cluster's first manager, the CLI reads ~/.flotilla/admin-token by itself)";

  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /** A client that shows no API token: enough to join and to ask for health. */
  public ApiClient(String base) {
    this(base, null);
  }

  /** A client that shows {@code token} (when not null) as its bearer token. */
  public ApiClient(String base, String token) {
    this.base = URI.create(base.endsWith("/") ? base : base + "/");
    this.token = token;
  }

  public String base() {
    return base.toString();
  }

  public JsonNode get(String path) {
    return send(request(path).GET());
  }

  public JsonNode post(String path, Object body) {
    return send(request(path)
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
    return send(request(path)
        .header("content-type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(Json.encode(body))));
  }

  public JsonNode delete(String path) {
    return send(request(path).DELETE());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    return token == null ? request : request.header("authorization", "Bearer " + token);
  }

  public static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }

  /** Follows a server-sent event stream, handing each event's data to {@code onData}, until it ends. */
  public void stream(String path, java.util.function.Consumer<String> onData) {
    HttpResponse<java.util.stream.Stream<String>> response;
    try {
      response = http.send(request(path).GET().build(),
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
      JsonNode body;
      try {
        body = Json.MAPPER.readTree(text);
      } catch (IOException e) {
        body = Json.MAPPER.nullNode();
      }
      throw failure(response.statusCode(), body);
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
      throw failure(response.statusCode(), body);
    }
    return body;
  }

  /** The API's "no", and for a token it refused, what to do about it. */
  private CliException failure(int status, JsonNode body) {
    String message = body.path("error").asText("HTTP " + status);
    return switch (status) {
      case 401 -> new CliException(message + (token == null ? "; " : "; the token given was refused: ") + TOKEN_HINT);
      case 403 -> new CliException(message + "; pass an admin token with --token or FLOTILLA_TOKEN");
      default -> new CliException(message);
    };
  }
}
