package io.flotilla.e2e;

import io.flotilla.security.Pem;
import io.flotilla.security.TrustManagers;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * HTTP clients that trust a cluster's CA, as the CLI does: built once the first manager has
 * written its CA certificate, so a fixture can ask before that and simply get no client yet.
 */
final class TrustedHttp {
  private final Path caFile;
  private final Duration connectTimeout;
  private HttpClient client;

  TrustedHttp(Path caFile, Duration connectTimeout) {
    this.caFile = caFile;
    this.connectTimeout = connectTimeout;
  }

  Path caFile() {
    return caFile;
  }

  synchronized HttpClient client() throws IOException {
    if (client == null) {
      if (!Files.exists(caFile)) {
        throw new IOException("no CA certificate at " + caFile + " yet");
      }
      client = HttpClient.newBuilder().connectTimeout(connectTimeout)
          .sslContext(TrustManagers.context(null, TrustManagers.trusting(Pem.certificate(Files.readString(caFile)))))
          .build();
    }
    return client;
  }
}
