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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509TrustManager;
import io.flotilla.security.Pem;
import io.flotilla.security.TrustManagers;

/**
 * A blocking client of the Flotilla HTTP API; every failure becomes a {@link CliException} a
 * person can read. Over HTTPS it trusts the cluster CA's certificate when it has one (read when
 * the first request goes out, so a manager that is still starting may write it first), else the
 * JVM's usual authorities.
 */
public final class ApiClient {
  private final URI base;
  private final Supplier<SSLContext> tls;
  private HttpClient http;

  /** {@code caFile} is the cluster CA's certificate (PEM), or null. */
  public ApiClient(String base, Path caFile) {
    this(base, () -> caFile != null && Files.exists(caFile) ? trusting(caFile) : null);
  }

  private ApiClient(String base, Supplier<SSLContext> tls) {
    this.base = URI.create(base.endsWith("/") ? base : base + "/");
    this.tls = tls;
  }

  /** A client for a node that joins: it trusts only a server whose CA has the join token's digest. */
  public static ApiClient pinned(String base, X509TrustManager pinned) {
    return new ApiClient(base, () -> TrustManagers.context(null, pinned));
  }

  private static SSLContext trusting(Path caFile) {
    try {
      return TrustManagers.context(null, TrustManagers.trusting(Pem.certificate(Files.readString(caFile))));
    } catch (IOException | IllegalArgumentException e) {
      throw new CliException("cannot read the cluster CA's certificate " + caFile + ": " + e.getMessage());
    }
  }

  /** Built once the CA is known; until then each request looks for it again. */
  private synchronized HttpClient http() {
    if (http != null) {
      return http;
    }
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
    SSLContext context = tls.get();
    if (context == null) {
      return builder.build();
    }
    http = builder.sslContext(context).build();
    return http;
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
      response = http().send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
          HttpResponse.BodyHandlers.ofLines());
    } catch (SSLHandshakeException e) {
      throw handshakeFailed(e);
    } catch (ConnectException e) {
      throw new CliException("cannot reach the Flotilla API at " + base + " — is it running?");
    } catch (IOException e) {
      throw failed(e);
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

  private CliException handshakeFailed(SSLHandshakeException e) {
    return new CliException.Untrusted("no trusted TLS connection to " + base + ": " + e.getMessage()
        + " (point --tls-ca or FLOTILLA_CA at the cluster CA's certificate, DATA_DIR/tls/ca.pem on a manager)");
  }

  private CliException failed(IOException e) {
    String hint = base.getScheme().equals("http") ? " (the Flotilla API speaks HTTPS only: use https://)" : "";
    return new CliException("request to " + base + " failed: " + e.getMessage() + hint);
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response = http().send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (SSLHandshakeException e) {
      throw handshakeFailed(e);
    } catch (ConnectException e) {
      throw new CliException("cannot reach the Flotilla API at " + base
          + " — is it running? Start it with 'flotilla up', or point --host / FLOTILLA_HOST at it");
    } catch (IOException e) {
      throw failed(e);
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
