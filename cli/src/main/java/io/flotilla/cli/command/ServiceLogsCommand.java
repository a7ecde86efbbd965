package io.flotilla.cli.command;

import io.flotilla.bus.Json;
import io.flotilla.model.logs.LogPrefix;
import io.flotilla.model.logs.LogRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla service logs}: a service's or a task's logs, gathered from the nodes, as
 * {@code docker service logs} prints them: each line after {@code NAME.SLOT.TASKID@NODE |},
 * stdout lines on stdout, stderr lines and notices (a node that did not answer) on stderr.
 */
@Command(name = "logs", description = "Show the logs of a service or a task, from every node it ran on",
    footer = {"", "Examples:", "  flotilla service logs web", "  flotilla service logs -f --tail 20 web",
        "  flotilla service logs --since 10m -t web", "  flotilla service logs --format json web | jq ."})
public final class ServiceLogsCommand implements Runnable {
  @Spec CommandSpec spec;
  @Mixin ApiOptions api;
  @Option(names = {"-f", "--follow"}, description = "Keep showing new lines") boolean follow;
  @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Only the last N lines of each task (default all)")
  String tail;
  @Option(names = "--since", paramLabel = "WHEN",
      description = "Only lines since WHEN: a duration back from now (10m, 1h30m) or a time (2026-12-02T15:04:05Z)")
  String since;
  @Option(names = {"-t", "--timestamps"}, description = "Show each line's time") boolean timestamps;
  @Option(names = "--no-task-ids", description = "Leave the task ids out of the prefix") boolean noTaskIds;
  @Parameters(paramLabel = "SERVICE|TASK", description = "A service (name or id) or a task (id or prefix)")
  String ref;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ApiClient client = api.client();
    String query = query();
    try {
      client.lines("v1/services/" + ApiClient.encode(ref) + "/logs" + query, line -> print(line, out, err));
    } catch (CliException notAService) {
      if (!String.valueOf(notAService.getMessage()).startsWith("no such service")) {
        throw notAService;
      }
      try {
        client.lines("v1/tasks/" + ApiClient.encode(ref) + "/logs" + query, line -> print(line, out, err));
      } catch (CliException notATask) {
        throw String.valueOf(notATask.getMessage()).startsWith("no such task")
            ? new CliException("no such service or task: " + ref) : notATask;
      }
    }
  }

  private String query() {
    List<String> params = new ArrayList<>();
    if (follow) {
      params.add("follow=true");
    }
    if (tail != null) {
      params.add("tail=" + ApiClient.encode(tail));
    }
    if (since != null) {
      params.add("since=" + ApiClient.encode(since));
    }
    if (timestamps) {
      params.add("timestamps=true");
    }
    return params.isEmpty() ? "" : "?" + String.join("&", params);
  }

  private void print(String line, PrintWriter out, PrintWriter err) {
    if (line.isBlank()) {
      return;
    }
    if (api.json()) {
      out.println(line);
      out.flush();
      return;
    }
    LogRecord record = Json.decode(line, LogRecord.class);
    PrintWriter to = LogRecord.STDOUT.equals(record.stream()) ? out : err;
    to.println(LogPrefix.line(record, !noTaskIds, timestamps));
    to.flush();
  }
}
