package io.flotilla.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The web dashboard of a manager in Debian's headless Chromium, driven by Playwright
 * ({@code src/test/ui/dashboard.mjs}, playwright-core with the machine's node): each
 * {@link #step} is one action or wait in the page, answered once done, with a screenshot of the
 * page after it kept in the screenshot folder. Chromium trusts exactly the manager's key (its
 * certificate's SPKI, pinned), not every certificate.
 */
final class Dashboard implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SCRIPTS = FlotillaProcess.ROOT.resolve("e2e/src/test/ui");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Longer than the script's own wait per step (90 s), so its answer says what it waited for. */
  private static final long ANSWER_SECONDS = 150;

  private final Process node;
  private final OutputStream commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

  private Dashboard(Process node) {
    this.node = node;
    this.commands = node.getOutputStream();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          answers.add(line);
        }
      } catch (IOException e) {
        // the process ended: read() below reports it
      }
    }, "dashboard-answers");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts Chromium on {@code manager}'s {@code /ui}, not signed in yet. */
  static Dashboard open(FlotillaProcess manager, Path screenshots) throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new AssertionError("no " + CHROMIUM + ": the dashboard test needs Debian's chromium "
          + "(bin/lib/prerequisites.sh installs it: flotilla_ensure_test_tools, as root)");
    }
    installPlaywright();
    Files.createDirectories(screenshots);
    Path log = Path.of("target", "logs", "ui-dashboard-" + manager.apiPort + ".log").toAbsolutePath();
    Process node = new ProcessBuilder("node", SCRIPTS.resolve("dashboard.mjs").toString(), manager.url(),
        spkiPin(manager.dataDir.resolve("tls").resolve("node.pem")), screenshots.toAbsolutePath().toString())
        .directory(SCRIPTS.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    Dashboard dashboard = new Dashboard(node);
    JsonNode ready = dashboard.read("the browser to start (log: " + log + ")");
    System.out.println("dashboard: Chromium " + ready.path("browser").asText());
    return dashboard;
  }

  /** {@code npm ci} from the lock file, once (node_modules is not in the repository). */
  private static synchronized void installPlaywright() {
    if (Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
      return;
    }
    Shell.Result npm = Shell.run(List.of("sh", "-c", "cd '" + SCRIPTS + "' && npm ci --no-audit --no-fund"));
    if (npm.exitCode() != 0) {
      throw new AssertionError("npm ci in " + SCRIPTS + " failed (node and npm come from bin/lib/prerequisites.sh):\n"
          + npm.out() + npm.err());
    }
  }

  /** What Chromium's --ignore-certificate-errors-spki-list takes: base64 of SHA-256 of the key's SPKI. */
  static String spkiPin(Path certificatePem) throws Exception {
    try (var in = Files.newInputStream(certificatePem)) {
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      byte[] spki = certificate.getPublicKey().getEncoded();
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
    }
  }

  /** Does {@code step} in the page (see dashboard.mjs for the steps) and returns its answer; fails with what the page showed. */
  JsonNode step(String step, Object... keysAndValues) {
    Map<String, Object> command = new LinkedHashMap<>();
    command.put("step", step);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      command.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    try {
      commands.write((JSON.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8));
      commands.flush();
    } catch (IOException e) {
      throw new AssertionError("the dashboard driver is gone: " + e.getMessage(), e);
    }
    JsonNode answer = read(step);
    if (!answer.path("ok").asBoolean()) {
      throw new AssertionError("dashboard step " + command + " failed: " + answer.path("error").asText()
          + "\nscreenshot: " + answer.path("screenshot").asText()
          + "\npage problems: " + answer.path("problems")
          + "\nthe page said:\n" + answer.path("body").asText());
    }
    return answer;
  }

  private JsonNode read(String what) {
    try {
      String line = answers.poll(ANSWER_SECONDS, TimeUnit.SECONDS);
      if (line == null) {
        throw new AssertionError("no answer from the dashboard driver within " + ANSWER_SECONDS + " s for " + what
            + (node.isAlive() ? "" : " (it exited with " + node.exitValue() + ")"));
      }
      return JSON.readTree(line);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (IOException e) {
      throw new AssertionError("the dashboard driver said something that is not JSON: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws Exception {
    commands.close();
    if (!node.waitFor(20, TimeUnit.SECONDS)) {
      node.destroyForcibly();
      node.waitFor();
    }
  }
}
