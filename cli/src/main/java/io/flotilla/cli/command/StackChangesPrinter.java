package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/**
 * What a stack deploy did, or for a dry run would do, as lines for people: the warnings, then
 * each network and service created, updated (with its changed fields) and removed.
 */
final class StackChangesPrinter {
  private StackChangesPrinter() {}

  static void print(PrintWriter out, JsonNode deployed) {
    boolean dryRun = deployed.path("dryRun").asBoolean();
    deployed.path("warnings").forEach(w -> out.println("Warning: " + w.asText()));
    deployed.path("networksCreated").forEach(n -> out.println((dryRun ? "Would create" : "Creating") + " network " + n.asText()));
    deployed.path("created").forEach(s -> out.println((dryRun ? "Would create" : "Creating") + " service " + s.asText()));
    deployed.path("updated").forEach(s -> {
      out.println((dryRun ? "Would update" : "Updating") + " service " + s.asText());
      deployed.path("changes").path(s.asText()).forEach(change -> out.println("    " + change.path("field").asText()
          + ": " + shown(change.path("from")) + " -> " + shown(change.path("to"))));
    });
    deployed.path("removed").forEach(s -> out.println((dryRun ? "Would remove" : "Removing") + " service " + s.asText()));
    if (dryRun) {
      boolean nothing = deployed.path("networksCreated").isEmpty() && deployed.path("created").isEmpty()
          && deployed.path("updated").isEmpty() && deployed.path("removed").isEmpty();
      out.println(nothing ? "Dry run: the stack is as the file says; a deploy would change nothing."
          : "Dry run: nothing was changed.");
    }
    out.flush();
  }

  private static String shown(JsonNode value) {
    return value.isMissingNode() || value.isNull() ? "(none)" : value.asText();
  }
}
