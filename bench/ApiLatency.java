import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * API latency, one request after another: GET /v1/services on a kept-alive connection, and on a
 * new connection each time (what a CLI call pays: TCP and, over HTTPS, the TLS handshake).
 * Run by bench/api.sh as a single-file program: java bench/ApiLatency.java URL CA_FILE|- TOKEN|- N
 * Prints "reused p50 p99 fresh p50 p99" in microseconds.
 */
public final class ApiLatency {
  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0] + "/v1/services");
    SSLContext tls = args[1].equals("-") ? null : trusting(Path.of(args[1]));
    String token = args[2].equals("-") ? null : args[2];
    int n = Integer.parseInt(args[3]);
    HttpClient kept = client(tls);
    for (int i = 0; i < 50; i++) {
      send(kept, uri, token);
      send(client(tls), uri, token);
    }
    List<Long> reused = new ArrayList<>();
    List<Long> fresh = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      reused.add(send(kept, uri, token));
      fresh.add(send(client(tls), uri, token));
    }
    System.out.println(percentile(reused, 50) + " " + percentile(reused, 99) + " " + percentile(fresh, 50) + " "
        + percentile(fresh, 99));
  }

  private static HttpClient client(SSLContext tls) {
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5));
    return tls == null ? builder.build() : builder.sslContext(tls).build();
  }

  private static long send(HttpClient client, URI uri, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    long start = System.nanoTime();
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    long micros = (System.nanoTime() - start) / 1_000;
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return micros;
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static SSLContext trusting(Path caFile) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (var in = Files.newInputStream(caFile)) {
      store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
