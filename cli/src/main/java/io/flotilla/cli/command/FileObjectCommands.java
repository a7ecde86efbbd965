package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.bus.Json;
import io.flotilla.model.FileKind;
import io.flotilla.model.FileObjectSpec;
import io.flotilla.model.Ids;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code flotilla secret} and {@code flotilla config} share: create from a file or stdin,
 * list, inspect, remove. Each verb is a base class their subcommands extend with their kind.
 */
final class FileObjectCommands {
  private FileObjectCommands() {}

  static String path(FileKind kind) {
    return "v1/" + kind.noun() + "s";
  }

  /** The content of {@code file}, or of stdin for {@code -}. */
  static byte[] read(String file, InputStream stdin) {
    try {
      return file.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
    } catch (IOException e) {
      throw new CliException("cannot read " + (file.equals("-") ? "stdin" : file) + ": " + e.getMessage());
    }
  }

  /** Creates the secret or config through the API and answers what it says (the object's metadata). */
  static JsonNode create(ApiClient client, FileKind kind, String name, Map<String, String> labels, byte[] content) {
    return client.post(path(kind), new FileObjectSpec(name, labels, Base64.getEncoder().encodeToString(content)));
  }

  abstract static class Create implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Set a label (repeatable)")
    List<String> labels = new ArrayList<>();
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Parameters(index = "1", paramLabel = "FILE|-", description = "The file to read the content from; - for stdin")
    String file;

    abstract FileKind kind();

    @Override
    public void run() {
      JsonNode created = create(api.client(), kind(), name, ServiceCommand.pairs("--label", labels),
          read(file, System.in));
      PrintWriter out = spec.commandLine().getOut();
      if (api.json()) {
        ApiOptions.printJson(out, created);
      } else {
        out.println(created.path("id").asText());
        out.flush();
      }
    }
  }

  abstract static class Ls implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;

    abstract FileKind kind();

    @Override
    public void run() {
      JsonNode objects = api.client().get(path(kind()));
      PrintWriter out = spec.commandLine().getOut();
      if (api.json()) {
        ApiOptions.printJson(out, objects);
        return;
      }
      Table table = new Table("ID", "NAME", "CREATED", "UPDATED");
      for (JsonNode o : objects) {
        table.row(Ids.shortId(o.path("id").asText()), o.path("name").asText(), Ago.of(o.path("createdAt").asText()),
            Ago.of(o.path("updatedAt").asText()));
      }
      table.print(out);
    }
  }

  abstract static class Inspect implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Parameters(arity = "1..*", paramLabel = "NAME|ID") List<String> refs;

    abstract FileKind kind();

    @Override
    public void run() {
      ApiClient client = api.client();
      ApiOptions.printJson(spec.commandLine().getOut(), Json.MAPPER.valueToTree(
          refs.stream().map(r -> client.get(path(kind()) + "/" + ApiClient.encode(r))).toList()));
    }
  }

  abstract static class Rm implements Runnable {
    @Spec CommandSpec spec;
    @Mixin ApiOptions api;
    @Parameters(arity = "1..*", paramLabel = "NAME|ID") List<String> refs;

    abstract FileKind kind();

    @Override
    public void run() {
      ApiClient client = api.client();
      PrintWriter out = spec.commandLine().getOut();
      for (String ref : refs) {
        client.delete(path(kind()) + "/" + ApiClient.encode(ref));
        out.println(ref);
        out.flush();
      }
    }
  }
}
