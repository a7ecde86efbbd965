package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
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
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
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
  /**
   * Long enough for a manager on a busy host to accept and finish a TLS handshake (a join that
   * gave up after 3 s failed on a loaded machine), short enough to say soon that nothing answers.
   */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final String TOKEN_HINT = "pass an API token with --token or FLOTILLA_TOKEN (on the host of a "
      + "cluster's first manager, the CLI reads ~/.flotilla/admin-token by itself)";

  private final URI base;
  private final Supplier<SSLContext> tls;
  private final String serverName;
  private final String token;
  /** Headers every request of this client carries (e.g. {@code X-Registry-Auth}). */
  private final java.util.Map<String, String> headers;
  private HttpClient http;
  private SSLSocketFactory sockets;

  static {
    // HttpURLConnection sends a POST again when the connection fails before the answer; a create must not be.
    if (System.getProperty("sun.net.http.retryPost") == null) {
      System.setProperty("sun.net.http.retryPost", "false");
    }
  }

  /** {@code caFile} is the cluster CA's certificate (PEM), or null; {@code token} the bearer token to show, or null. */
  public ApiClient(String base, Path caFile, String token) {
    this(base, () -> caFile != null && Files.exists(caFile) ? trusting(caFile) : null, null, token);
  }

  private ApiClient(String base, Supplier<SSLContext> tls, String serverName, String token) {
    this(base, tls, serverName, token, java.util.Map.of());
  }

  private ApiClient(String base, Supplier<SSLContext> tls, String serverName, String token,
      java.util.Map<String, String> headers) {
    this.base = URI.create(base.endsWith("/") ? base : base + "/");
    this.tls = tls;
    this.serverName = serverName;
    this.token = token;
    this.headers = headers;
  }

  /** This client, sending {@code name: value} with every request too. */
  public ApiClient withHeader(String name, String value) {
    java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiClient(base.toString(), tls, serverName, token, java.util.Map.copyOf(more));
  }

  /**
   * POSTs {@code file}'s bytes as the body, streamed from the disk (never read into memory
   * whole), with its length; for uploads that take a while, no read timeout.
   */
  public JsonNode upload(String path, Path file, String contentType) {
    try {
      HttpURLConnection connection = connect(path, "POST");
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(Files.size(file));
      connection.setRequestProperty("content-type", contentType);
      try (OutputStream out = connection.getOutputStream()) {
        Files.copy(file, out);
      }
      return answer(connection);
    } catch (IOException e) {
      throw unsent(e);
    }
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
        .connectTimeout(CONNECT_TIMEOUT);
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
    return quickly("GET", path, null);
  }

  public JsonNode post(String path, Object body) {
    return quickly("POST", path, body);
  }

  public JsonNode patch(String path, Object body) {
    return withBody(path, "PATCH", body);
  }

  public JsonNode put(String path, Object body) {
    return quickly("PUT", path, body);
  }

  private JsonNode withBody(String path, String method, Object body) {
    return send(request(path)
        .header("content-type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(Json.encode(body))));
  }

  public JsonNode delete(String path) {
    return quickly("DELETE", path, null);
  }

  /**
   * One request over {@link HttpURLConnection}: synchronous on the calling thread, it answers a
   * short-lived CLI in about half the time of {@link HttpClient}'s asynchronous machinery, which
   * stays for PATCH (that HttpURLConnection does not speak), for streams, and for a joining node's
   * pinned connection that names the cluster's certificate (SNI).
   */
  private JsonNode quickly(String method, String path, Object body) {
    if (serverName != null) {
      return body == null ? send(request(path).method(method, HttpRequest.BodyPublishers.noBody()))
          : withBody(path, method, body);
    }
    try {
      HttpURLConnection connection = connect(path, method);
      connection.setReadTimeout(15_000);
      if (body != null) {
        connection.setDoOutput(true);
        connection.setRequestProperty("content-type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
          out.write(Json.encode(body).getBytes(StandardCharsets.UTF_8));
        }
      }
      return answer(connection);
    } catch (IOException e) {
      throw unsent(e);
    }
  }

  /** A connection to {@code path} with the cluster CA's trust, the token and the extra headers; no body yet. */
  private HttpURLConnection connect(String path, String method) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) base.resolve(path).toURL().openConnection();
    SSLSocketFactory sockets = sockets();
    if (connection instanceof HttpsURLConnection https && sockets != null) {
      https.setSSLSocketFactory(sockets);
    }
    connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
    connection.setRequestMethod(method);
    if (token != null) {
      connection.setRequestProperty("authorization", "Bearer " + token);
    }
    headers.forEach(connection::setRequestProperty);
    return connection;
  }

  /** The answer of a sent request: its JSON, or the API's error. */
  private JsonNode answer(HttpURLConnection connection) throws IOException {
    int status = connection.getResponseCode();
    String text;
    try (InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      text = stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    }
    return answer(status, text);
  }

  /** The cluster CA's socket factory once the CA is known (null until then: the JVM's usual authorities). */
  private synchronized SSLSocketFactory sockets() {
    if (sockets == null) {
      SSLContext context = tls.get();
      sockets = context == null ? null : context.getSocketFactory();
    }
    return sockets;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
    headers.forEach(request::header);
    return token == null ? request : request.header("authorization", "Bearer " + token);
  }

  public static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }

  /** Follows a server-sent event stream, handing each event's data to {@code onData}, until it ends. */
  public void stream(String path, java.util.function.Consumer<String> onData) {
    lines(path, line -> {
      if (line.startsWith("data: ")) {
        onData.accept(line.substring(6));
      }
    });
  }

  /** Follows a streamed answer, handing each line to {@code onLine} as it comes, until it ends. */
  public void lines(String path, java.util.function.Consumer<String> onLine) {
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
    response.body().forEach(onLine);
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
    } catch (IOException e) {
      throw unsent(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
    return answer(response.statusCode(), response.body());
  }

  /** A request that got no answer, in the user's words: untrusted, unreachable, or failed on the way. */
  private CliException unsent(IOException e) {
    if (e instanceof SSLHandshakeException handshake) {
      return handshakeFailed(handshake);
    }
    return e instanceof ConnectException ? unreachable() : failed(e);
  }

  private CliException unreachable() {
    return new CliException("cannot reach the Flotilla API at " + base
        + " — is it running? Start it with 'flotilla up', or point --host / FLOTILLA_HOST at it");
  }

  private JsonNode answer(int status, String text) {
    JsonNode body;
    try {
      body = text.isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new CliException("the API answered " + status + " with something that is not JSON");
    }
    if (status >= 400) {
      throw failure(status, body);
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
