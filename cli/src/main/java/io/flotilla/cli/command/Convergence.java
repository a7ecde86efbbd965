package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Waiting, with progress, until services run as many tasks as they should: what create, scale and update do unless -d. */
final class Convergence {
  private Convergence() {}

  /**
   * A global service's desired count is its tasks', which the scheduler makes a moment after the
   * service is written: 0 of 0 right after a create is not convergence, unless it stays so this long
   * (no node is eligible).
   */
  private static final Duration GLOBAL_PLAN_GRACE = Duration.ofSeconds(3);

  /** Polls until the services run as many tasks as they should, printing progress. */
  static void await(ApiClient api, PrintWriter out, List<String> services, Duration timeout) {
    Instant began = Instant.now();
    Instant deadline = began.plus(timeout);
    Map<String, String> last = new HashMap<>();
    while (true) {
      boolean done = true;
      for (String name : services) {
        JsonNode s = api.get("v1/services/" + ApiClient.encode(name));
        JsonNode status = s.path("status");
        // Count every running task, including those told to stop, so a scale-down waits for them.
        int running = api.get("v1/tasks?state=running&service=" + ApiClient.encode(name)).size();
        int desired = status.path("desiredTasks").asInt();
        String line = name + ": " + running + "/" + desired + " running"
            + (status.hasNonNull("message") && running < desired ? " (" + status.path("message").asText() + ")" : "");
        if (!line.equals(last.put(name, line))) {
          out.println(line);
          out.flush();
        }
        boolean planned = desired > 0 || !"global".equals(s.path("spec").path("mode").asText())
            || Instant.now().isAfter(began.plus(GLOBAL_PLAN_GRACE));
        done &= running == desired && planned;
      }
      if (done) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new CliException("not converged after " + timeout.toSeconds() + " s; see 'flotilla service ps'");
      }
      pause();
    }
  }

  /** The wait between two polls of the API while following a change. */
  static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }
}
