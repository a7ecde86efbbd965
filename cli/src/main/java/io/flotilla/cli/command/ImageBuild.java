package io.flotilla.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image to build with the client's Docker engine: a compose {@code build:} (a context path,
 * or {@code {context, dockerfile, args, target}}) or {@code service create --build DIR}, tagged
 * {@code tag}. {@link #dockerArgs} is the {@code docker build} command line.
 */
record ImageBuild(String service, String tag, Path context, String dockerfile, Map<String, String> args,
    String target) {
  ImageBuild {
    args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args)); // in the file's order
  }

  /**
   * The builds a compose file asks for, by service name: every service with {@code build:},
   * tagged with its {@code image:} or else {@code <stack>_<service>}; contexts are relative to
   * {@code dir}, the compose file's directory.
   */
  static Map<String, ImageBuild> ofCompose(JsonNode root, String stack, Path dir) {
    Map<String, ImageBuild> builds = new LinkedHashMap<>();
    if (root == null) {
      return builds;
    }
    root.path("services").fields().forEachRemaining(entry -> {
      JsonNode build = entry.getValue().path("build");
      if (build.isMissingNode() || build.isNull()) {
        return;
      }
      String name = entry.getKey();
      String key = "services." + name + ".build";
      JsonNode image = entry.getValue().path("image");
      String tag = image.isTextual() && !image.asText().isBlank() ? image.asText() : stack + "_" + name;
      if (build.isTextual()) {
        builds.put(name, new ImageBuild(name, tag, dir.resolve(build.asText()).normalize(), null, Map.of(), null));
        return;
      }
      if (!build.isObject()) {
        throw new CliException(key + ": must be a path or a mapping with context, dockerfile, args, target");
      }
      Map<String, String> args = new LinkedHashMap<>();
      JsonNode given = build.path("args");
      if (given.isObject()) {
        given.fields().forEachRemaining(a -> args.put(a.getKey(), a.getValue().asText()));
      } else if (given.isArray()) {
        for (JsonNode a : given) {
          String text = a.asText();
          int eq = text.indexOf('=');
          if (eq > 0) {
            args.put(text.substring(0, eq), text.substring(eq + 1));
          } // a bare NAME takes the value from the environment in Compose: not passed on
        }
      } else if (!given.isMissingNode()) {
        throw new CliException(key + ".args: must be a mapping or a list of NAME=VALUE");
      }
      String context = build.path("context").asText(".");
      builds.put(name, new ImageBuild(name, tag, dir.resolve(context).normalize(),
          build.path("dockerfile").isTextual() ? build.path("dockerfile").asText() : null, args,
          build.path("target").isTextual() ? build.path("target").asText() : null));
    });
    return builds;
  }

  List<String> dockerArgs() {
    List<String> command = new ArrayList<>(List.of("build", "-t", tag));
    if (dockerfile != null) {
      command.addAll(List.of("-f", context.resolve(dockerfile).toString()));
    }
    args.forEach((k, v) -> command.addAll(List.of("--build-arg", k + "=" + v)));
    if (target != null) {
      command.addAll(List.of("--target", target));
    }
    command.add(context.toString());
    return command;
  }
}
