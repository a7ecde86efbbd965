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
import io.flotilla.security.NodeTls;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509TrustManager;
import io.flotilla.security.PemCertificates;
import io.flotilla.security.TrustManagers;

/**
 * A blocking client of the Flotilla HTTP API; every failure becomes a {@link CliException} a
 * person can read. Over HTTPS it trusts the cluster CA's certificate when it has one (read when
 * the first request goes out, so a manager that is still starting may write it first), else the
 * JVM's usual authorities.
 */
public final class ApiClient {
  private static final String TOKEN_HINT = "pass an API token with --token or FLOTILLA_TOKEN (on the host of a "
      + "cluster's first manager, the CLI reads ~/.flotilla/admin-token by itself)";

  private final URI base;
  private final Supplier<SSLContext> tls;
  private final String serverName;
  private final String token;
  private HttpClient http;

  /** {@code caFile} is the cluster CA's certificate (PEM), or null; {@code token} the bearer token to show, or null. */
  public ApiClient(String base, Path caFile, String token) {
    this(base, () -> caFile != null && Files.exists(caFile) ? trusting(caFile) : null, null, token);
  }

  private ApiClient(String base, Supplier<SSLContext> tls, String serverName, String token) {
    this.base = URI.create(base.endsWith("/") ? base : base + "/");
    this.tls = tls;
    this.serverName = serverName;
    this.token = token;
  }

  /**
   * A client for a node that joins: it asks for the cluster's certificate by name (SNI), trusts
   * only a server whose CA has the join token's digest, and shows no API token (the join token
   * is its credential).
   */
  public static ApiClient pinned(String base, X509TrustManager pinned) {
    return new ApiClient(base, () -> TrustManagers.context(null, pinned), NodeTls.CLUSTER_SERVER_NAME, null);
  }

  private static SSLContext trusting(Path caFile) {
    try {
      return TrustManagers.context(null, TrustManagers.trusting(PemCertificates.read(Files.readString(caFile))));
    } catch (IOException | IllegalArgumentException e) {
      throw new CliException("cannot read the cluster CA's certificate " + caFile + ": " + e.getMessage());
    }
  }

  /** Built once the CA is known; until then each request looks for it again. */
  private synchronized HttpClient http() {
    if (http != null) {
      return http;
    }
    // HTTP/1.1, as the API speaks: offering HTTP/2 loaded its whole machinery into every short-lived CLI.
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(3));
    SSLContext context = tls.get();
    if (context == null) {
      return builder.build();
    }
    builder.sslContext(context);
    if (serverName != null) {
      SSLParameters parameters = context.getDefaultSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(serverName)));
      builder.sslParameters(parameters);
    }
    http = builder.build();
    return http;
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
      response = http().send(request(path).GET().build(),
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
