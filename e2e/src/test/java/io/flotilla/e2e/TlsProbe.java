package io.flotilla.e2e;

import io.flotilla.security.TrustManagers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * Tries a TLS connection the way an outsider (or a node) would, trusting any server, and tells
 * whether the server let it in. With TLS 1.3 a server refuses a client certificate after the
 * client thinks the handshake is done, so the verdict waits for the server's first word: an
 * alert is a refusal; data, or silence, means the connection stands.
 */
final class TlsProbe {
  private TlsProbe() {}

  /** Whether the server let the client in, and the certificate the server presented (null if none came). */
  record Verdict(boolean admitted, String detail, X509Certificate server) {
    Verdict(boolean admitted, String detail) {
      this(admitted, detail, null);
    }
  }

  /** {@code keys} is the certificate to present, or null for none; {@code alpn} e.g. "h2" for gRPC, or null. */
  static Verdict connect(String host, int port, X509KeyManager keys, String alpn) {
    SSLContext context = TrustManagers.context(keys, ANY_SERVER);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress(host, port), 2_000);
      socket.setSoTimeout(1_500);
      if (alpn != null) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {alpn});
        socket.setSSLParameters(parameters);
      }
      socket.startHandshake();
      X509Certificate server = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      try {
        int first = socket.getInputStream().read();
        return first < 0 ? new Verdict(false, "closed by the server after the handshake", server)
            : new Verdict(true, "the server spoke first", server);
      } catch (SocketTimeoutException silence) {
        return new Verdict(true, "the connection stands", server);
      }
    } catch (SSLException refused) {
      return new Verdict(false, "refused: " + refused.getMessage());
    } catch (IOException e) {
      return new Verdict(false, "failed: " + e);
    }
  }

  private static final X509TrustManager ANY_SERVER = new X509TrustManager() {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  };
}
